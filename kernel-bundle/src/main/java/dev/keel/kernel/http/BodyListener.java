package dev.keel.kernel.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Reads one request body as it arrives (called by the container whenever
 * bytes are there, no thread waits in between), keeps up to the limit and
 * dispatches the request to the entry once the body is complete; refuses the
 * request when the client is too slow, out of time or gone.
 */
final class BodyListener implements ReadListener, AsyncListener {

    private final BodyReader reader;
    private final AsyncContext async;
    private final HttpServletRequest req;
    private final HttpServletResponse resp;
    private final int keep;
    private final BodyReader.Limits limits;
    private final ByteArrayOutputStream kept;
    private final byte[] chunk = new byte[8192];
    private final long start = System.nanoTime();
    private final AtomicBoolean done = new AtomicBoolean();
    private long received;

    BodyListener(BodyReader reader, AsyncContext async, HttpServletRequest req, HttpServletResponse resp, int keep,
            long length, BodyReader.Limits limits) {
        this.reader = reader;
        this.async = async;
        this.req = req;
        this.resp = resp;
        this.keep = keep;
        this.limits = limits;
        this.kept = new ByteArrayOutputStream((int) Math.max(0, Math.min(keep, length > 0 ? length : 8192)));
    }

    @Override
    public void onDataAvailable() throws IOException {
        if (done.get()) {
            return;
        }
        ServletInputStream in = req.getInputStream();
        while (in.isReady()) {
            int n = in.read(chunk);
            if (n < 0) {
                return; // onAllDataRead follows
            }
            received += n;
            int room = keep - kept.size();
            if (room > 0) {
                kept.write(chunk, 0, Math.min(n, room));
            }
            if (received > BodyReader.DRAIN_BYTES) {
                // far over the limit: let the entry answer 413 now; the connection closes after it
                dispatch();
                return;
            }
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        if (limits.minRate() > 0 && elapsedMs > BodyReader.RATE_GRACE_MS
                && received * 1000 / elapsedMs < limits.minRate()) {
            refuse(408, "The request body arrived at " + (received * 1000 / elapsedMs) + " bytes/s, slower than "
                    + limits.minRate() + " bytes/s (keel.http body.min.rate)");
        }
    }

    @Override
    public void onAllDataRead() {
        dispatch();
    }

    @Override
    public void onError(Throwable t) {
        if (t instanceof TimeoutException || t.getCause() instanceof TimeoutException) {
            refuse(408, "The request body stopped arriving (idle timeout)");
        } else {
            refuse(400, "The request body did not arrive: " + t.getClass().getSimpleName());
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        refuse(408, "The request body did not arrive in full within " + limits.timeoutMs()
                + " ms (keel.http body.timeout.ms)");
    }

    @Override
    public void onError(AsyncEvent event) {
        onError(event.getThrowable() == null ? new IOException("connection failed") : event.getThrowable());
    }

    @Override
    public void onComplete(AsyncEvent event) {
        done.set(true);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // the entry does not start async again
    }

    private void dispatch() {
        if (done.compareAndSet(false, true)) {
            req.setAttribute(BodyReader.BODY, kept.toByteArray());
            async.dispatch();
        }
    }

    private void refuse(int status, String detail) {
        if (done.compareAndSet(false, true)) {
            try {
                reader.refuse(req, resp, start, status, detail);
            } finally {
                async.complete();
            }
        }
    }
}
