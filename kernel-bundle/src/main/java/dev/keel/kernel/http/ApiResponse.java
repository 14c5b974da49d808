package dev.keel.kernel.http;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * The response as a plugin servlet sees it: {@code sendError} is held (the
 * kernel answers it as a problem instead of the container's error page), and
 * body bytes are counted for the access log.
 */
final class ApiResponse extends HttpServletResponseWrapper {

    private int errorStatus;
    private String errorMessage;
    private Counting stream;
    private PrintWriter writer;

    ApiResponse(HttpServletResponse response) {
        super(response);
    }

    /** The status given to {@code sendError}, or 0. */
    int errorStatus() {
        return errorStatus;
    }

    String errorMessage() {
        return errorMessage;
    }

    long bytes() {
        return stream == null ? 0 : stream.count;
    }

    /** Whether writing the answer to the client failed (the client went away). */
    boolean clientGone() {
        return stream != null && stream.failed;
    }

    /** Sends what the writer still buffers; called when the plugin servlet returned normally. */
    void finish() {
        if (writer != null) {
            writer.flush();
        }
    }

    @Override
    public void sendError(int sc) throws IOException {
        sendError(sc, null);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        if (isCommitted()) {
            throw new IllegalStateException("the response is committed");
        }
        errorStatus = sc;
        errorMessage = msg;
    }

    @Override
    public boolean isCommitted() {
        return errorStatus > 0 || super.isCommitted();
    }

    @Override
    public void reset() {
        super.reset();
        errorStatus = 0;
        errorMessage = null;
    }

    @Override
    public void flushBuffer() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        super.flushBuffer();
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (writer != null) {
            throw new IllegalStateException("getWriter() was called already");
        }
        if (stream == null) {
            stream = new Counting(super.getOutputStream());
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            if (stream != null) {
                throw new IllegalStateException("getOutputStream() was called already");
            }
            String enc = getCharacterEncoding();
            setCharacterEncoding(enc); // fixes the charset in the Content-Type, as the container's writer does
            stream = new Counting(super.getOutputStream());
            writer = new PrintWriter(new OutputStreamWriter(stream, Charset.forName(enc)));
        }
        return writer;
    }

    private static final class Counting extends ServletOutputStream {
        private final ServletOutputStream out;
        long count;
        volatile boolean failed;

        Counting(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
            count += len;
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
