package dev.keel.kernel.log;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.metatype.annotations.Designate;

import dev.keel.api.PluginRuntime;

/**
 * The kernel's log sink: every record goes as a JSON line to the log file
 * (rotated by size) through a bounded queue and a writer thread, and in the
 * short human form to the console from the configured level up. Records the
 * full queue cannot take are counted and the count is logged. The last
 * {@value #TAIL} records stay in memory for {@code keel:log tail}.
 */
@Component(service = LogSink.class, immediate = true, configurationPid = LogSink.PID)
@Designate(ocd = LogConfig.class)
public final class LogSink {

    /** Configuration PID: {@code etc/keel.log.cfg}. */
    public static final String PID = "keel.log";
    /** Framework property naming the log file when the configuration does not. */
    public static final String FILE_PROPERTY = "keel.log.file";
    static final String DEFAULT_FILE = "data/log/keel.log";
    static final int TAIL = 1000;
    static final int QUEUE = 10_000;

    /** What the writer and the console work with; replaced whole on reconfiguration. */
    record Settings(Path file, long maxBytes, int maxFiles, LogLevel console) {
    }

    private final LogFollower follower;
    private final String fileProperty;
    private final PrintStream out = System.out;
    private final BlockingQueue<LogRecord> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final Deque<LogRecord> tail = new ArrayDeque<>();
    private final PluginIdentity plugins = new PluginIdentity(() -> this.runtime);
    private final Thread writer;
    private volatile Settings settings;
    private volatile boolean running = true;
    private long retryAt = System.nanoTime(); // writer thread only

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PluginRuntime runtime;

    @Activate
    public LogSink(LogConfig config, BundleContext context, @Reference LogReaderService reader) {
        this.fileProperty = context.getProperty(FILE_PROPERTY);
        this.settings = settings(config);
        this.writer = new Thread(this::writeLoop, "keel-log-writer");
        writer.setDaemon(true);
        writer.start();
        this.follower = new LogFollower(context, reader, this::take);
        // while the framework starts, take up what was logged before the sink was there (Felix Log keeps the
        // last records); later (a kernel restart) that would repeat old records
        follower.open(context.getBundle(0).getState() == Bundle.STARTING);
    }

    @Modified
    void modified(LogConfig config) {
        this.settings = settings(config);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        follower.close(); // takes the records Felix Log has not delivered yet: the last lines before a shutdown
        running = false;
        writer.join(5_000);
    }

    /**
     * The settings of a configuration; where a value cannot be read (SCR throws
     * for one that is no number: the configuration validator keeps those away,
     * except in a race at start-up) the current one is kept.
     */
    private Settings settings(LogConfig config) {
        Settings now = settings != null ? settings
                : new Settings(Path.of(fileProperty == null ? DEFAULT_FILE : fileProperty), 10_485_760, 5, LogLevel.INFO);
        Path file = now.file();
        long maxBytes = now.maxBytes();
        int maxFiles = now.maxFiles();
        LogLevel console = now.console();
        try {
            file = Path.of(config.file().isBlank() ? (fileProperty == null ? DEFAULT_FILE : fileProperty) : config.file());
            // their ranges are the Metatype definition's (the validator's)
            maxBytes = config.max_file_bytes();
            maxFiles = config.max_files();
            console = level(config.console_level(), console);
        } catch (ComponentException | InvalidPathException e) {
            // keep the current settings; the configuration validator reports the value
        }
        return new Settings(file, maxBytes, maxFiles, console);
    }

    static LogLevel level(String name, LogLevel fallback) {
        try {
            return LogLevel.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    /** The log file records are written to now. */
    public Path file() {
        return settings.file();
    }

    /** @return the size a log file is rotated at */
    public long maxFileBytes() {
        return settings.maxBytes();
    }

    /** @return how many files (the current and rotated ones) are kept */
    public int maxFiles() {
        return settings.maxFiles();
    }

    /** The last {@code n} records, oldest first. */
    public List<LogRecord> tail(int n) {
        synchronized (tail) {
            List<LogRecord> all = new ArrayList<>(tail);
            return all.subList(Math.max(0, all.size() - n), all.size());
        }
    }

    private void take(LogEntry entry) {
        if (frameworkEvent(entry) && !LogLevel.WARN.implies(entry.getLogLevel())) {
            return;
        }
        accept(LogRecord.of(entry, entry.getBundle() == null ? null : plugins.lookup(entry.getBundle())));
    }

    private void accept(LogRecord r) {
        synchronized (tail) {
            tail.addLast(r);
            if (tail.size() > TAIL) {
                tail.removeFirst();
            }
        }
        // LogLevel.implies reads "is at least as verbose as": INFO implies WARN, not DEBUG
        if (settings.console().implies(r.level())) {
            out.println(r.human());
        }
        if (!queue.offer(r)) {
            dropped.incrementAndGet();
        }
    }

    /** Felix Log's own records of bundle, service and framework events: only warnings and errors are kept. */
    static boolean frameworkEvent(LogEntry entry) {
        String logger = entry.getLoggerName();
        String message = entry.getMessage();
        return (logger != null && logger.startsWith("Events."))
                || (message != null && (message.startsWith("ServiceEvent ") || message.startsWith("BundleEvent ")
                        || message.startsWith("FrameworkEvent ")));
    }

    // --- on the writer thread ---------------------------------------------------------

    private void writeLoop() {
        RotatingFile file = null;
        Settings open = null;
        while (running || !queue.isEmpty()) {
            LogRecord r;
            try {
                r = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                r = null;
                running = false;
            }
            Settings s = settings;
            if ((file == null || !s.equals(open)) && System.nanoTime() - retryAt >= 0) {
                closeQuietly(file);
                file = null;
                open = s;
                try {
                    file = new RotatingFile(s.file(), s.maxBytes(), s.maxFiles());
                } catch (IOException e) {
                    out.println("keel: cannot open the log file " + s.file() + ": " + e + "; retrying in 5 s");
                    retryAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                }
            }
            long lost = dropped.getAndSet(0);
            if (lost > 0) {
                LogRecord note = new LogRecord(Instant.now(), LogLevel.WARN, null, null, null, null, "keel.log",
                        Thread.currentThread().getName(), lost + " log records dropped (the log queue of "
                        + QUEUE + " was full, or the log file could not be written)", null);
                out.println(note.human());
                file = write(file, note);
            }
            if (r != null) {
                file = write(file, r);
            }
            if (file != null && queue.isEmpty()) {
                try {
                    file.flush();
                } catch (IOException e) {
                    file = failed(file, e);
                }
            }
        }
        closeQuietly(file);
    }

    private RotatingFile write(RotatingFile file, LogRecord r) {
        if (file == null) {
            if (r.bundle() != null) {
                dropped.incrementAndGet(); // counted and reported once the file is back (and on the console now)
            }
            return null;
        }
        try {
            file.write(JsonLine.format(r));
            return file;
        } catch (IOException e) {
            return failed(file, e);
        }
    }

    private RotatingFile failed(RotatingFile file, IOException e) {
        out.println("keel: cannot write the log file " + file.path() + ": " + e + "; reopening it in 5 s");
        closeQuietly(file);
        retryAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        return null;
    }

    private static void closeQuietly(RotatingFile file) {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // nothing more to do with it
            }
        }
    }
}
