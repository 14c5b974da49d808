package dev.keel.kernel.http;

import java.io.IOException;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

/** A request body that fails once more than the configured number of bytes has been read (chunked bodies). */
final class LimitedInputStream extends ServletInputStream {

    /** Thrown to the plugin servlet when the body is over the limit; the kernel answers 413. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long limit) {
            super("request body larger than " + limit + " bytes");
        }
    }

    private final ServletInputStream in;
    private final long limit;
    private long count;
    private boolean exceeded;

    LimitedInputStream(ServletInputStream in, long limit) {
        this.in = in;
        this.limit = limit;
    }

    boolean exceeded() {
        return exceeded;
    }

    @Override
    public int read() throws IOException {
        check();
        int b = in.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        check();
        int n = in.read(buf, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void check() throws TooLargeException {
        if (exceeded) {
            throw new TooLargeException(limit);
        }
    }

    private void count(int n) throws TooLargeException {
        count += n;
        if (count > limit) {
            exceeded = true;
            throw new TooLargeException(limit);
        }
    }

    @Override
    public boolean isFinished() {
        return in.isFinished();
    }

    @Override
    public boolean isReady() {
        return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        in.setReadListener(listener);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
