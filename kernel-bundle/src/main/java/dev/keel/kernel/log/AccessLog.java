package dev.keel.kernel.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * The HTTP access log: one line per {@code /api} request in
 * {@code access.log} beside {@code keel.log}, rotated like it. The request
 * thread only offers a small record to a bounded queue; a writer thread wakes
 * every {@value #FLUSH_MS} ms, formats what has come (one reused buffer, the
 * time stamp's date part formatted once a second) and writes it in one batch,
 * so logging costs a request next to nothing: no request ever wakes the
 * writer, which on two cores would cost a context switch per request. A full
 * queue drops the record and counts it; the count is logged.
 */
@Component(service = AccessLog.class)
public final class AccessLog {

    /** The file name, in the folder of {@code keel.log}. */
    public static final String FILE = "access.log";
    private static final int CAPACITY = 65_536;
    /** How often the writer looks for records to write. */
    static final long FLUSH_MS = 50;

    /** One request as the access log records it. */
    public record Entry(long epochMillis, String method, String uri, int status, long millis, long bytes,
            String requestId, String plugin) {

        /** {@code <time> GET /api/x/y 200 3ms 182B rid=<id> plugin=<name>/<version>}, the time with milliseconds. */
        public String line() {
            return append(new StringBuilder(128), new TimeStamps()).toString();
        }

        StringBuilder append(StringBuilder out, TimeStamps times) {
            times.append(out, epochMillis);
            return out.append(' ').append(method).append(' ').append(uri).append(' ').append(status).append(' ')
                    .append(millis).append("ms ").append(bytes).append("B rid=").append(requestId).append(" plugin=")
                    .append(plugin);
        }
    }

    private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Logger log;
    private final Path file;
    private final long maxBytes;
    private final int maxFiles;
    private final Thread writer;
    private volatile boolean running = true;

    @Activate
    public AccessLog(@Reference LogSink sink, @Reference(service = LoggerFactory.class) Logger log) {
        this.log = log;
        this.file = sink.file().resolveSibling(FILE);
        this.maxBytes = sink.maxFileBytes();
        this.maxFiles = sink.maxFiles();
        this.writer = new Thread(this::drain, "keel-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        running = false;
        writer.interrupt();
        writer.join(2_000);
    }

    /** Records a request; never blocks. */
    public void record(Entry e) {
        if (!queue.offer(e)) {
            dropped.incrementAndGet();
        }
    }

    /** @return the access log file */
    public Path file() {
        return file;
    }

    private void drain() {
        List<Entry> batch = new ArrayList<>(4096);
        StringBuilder line = new StringBuilder(256);
        TimeStamps times = new TimeStamps();
        try (RotatingFile out = new RotatingFile(file, maxBytes, maxFiles)) {
            while (running || !queue.isEmpty()) {
                if (queue.isEmpty()) {
                    // a tick, not a blocking take: a request that waked the writer would pay a context switch
                    Thread.sleep(FLUSH_MS);
                }
                while (queue.drainTo(batch, 4096) > 0) {
                    for (Entry e : batch) {
                        line.setLength(0);
                        out.write(e.append(line, times).append('\n'));
                    }
                    batch.clear();
                }
                out.flush();
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    log.warn("access log: {} records dropped (the writer could not keep up)", lost);
                }
            }
        } catch (InterruptedException e) {
            writeRest(); // before the flag is set again: a file channel closes on an interrupted thread's write
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.error("access log: cannot write {}: {}", file, e.toString());
        }
    }

    /** On deactivation: what is still queued goes to the file. */
    private void writeRest() {
        if (queue.isEmpty()) {
            return;
        }
        try (RotatingFile out = new RotatingFile(file, maxBytes, maxFiles)) {
            TimeStamps times = new TimeStamps();
            for (Entry e; (e = queue.poll()) != null;) {
                out.write(e.append(new StringBuilder(128), times).append('\n'));
            }
        } catch (IOException e) {
            log.error("access log: cannot write {}: {}", file, e.toString());
        }
    }
}
