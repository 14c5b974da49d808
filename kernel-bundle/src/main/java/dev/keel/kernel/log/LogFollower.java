package dev.keel.kernel.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/**
 * Hands every record of the OSGi log to the sink once, in the order of their
 * sequence numbers, including the last ones before a shutdown. Felix Log
 * delivers to listeners on a thread of its own: the records logged just before
 * the framework stops (the plugins' {@code STOPPED} lines) may still wait there
 * when the sink is deactivated or Felix Log stops, and would be dropped
 * (its {@code close()} discards the queue and the history). So on both
 * occasions the follower first takes what the log's history holds beyond the
 * last record it saw.
 */
final class LogFollower implements LogListener, SynchronousBundleListener {

    private final BundleContext context;
    private final LogReaderService reader;
    private final Consumer<LogEntry> sink;
    private final Bundle logBundle;
    private long seen = Long.MIN_VALUE; // guarded by this; after open() the sink is called outside the lock

    LogFollower(BundleContext context, LogReaderService reader, Consumer<LogEntry> sink) {
        this.context = context;
        this.reader = reader;
        this.sink = sink;
        this.logBundle = FrameworkUtil.getBundle(reader.getClass());
    }

    /**
     * Starts following. With {@code history} it first takes what was logged
     * before (oldest first); without, it starts after the newest record (a
     * kernel restart must not repeat old records).
     */
    void open(boolean history) {
        synchronized (this) { // a record delivered meanwhile waits, and then counts as seen or not
            reader.addLogListener(this);
            List<LogEntry> all = Collections.list(reader.getLog()); // newest first
            if (history) {
                Collections.reverse(all);
                for (LogEntry e : all) {
                    seen = e.getSequence();
                    sink.accept(e);
                }
            } else if (!all.isEmpty()) {
                seen = all.get(0).getSequence();
            }
        }
        context.addBundleListener(this);
    }

    /** Stops following, after taking what Felix Log has not delivered yet. */
    void close() {
        context.removeBundleListener(this);
        reader.removeLogListener(this);
        catchUp();
    }

    @Override
    public void logged(LogEntry entry) {
        synchronized (this) {
            if (entry.getSequence() <= seen) {
                return; // taken from the history already
            }
            seen = entry.getSequence();
        }
        sink.accept(entry);
    }

    /** Felix Log is about to stop (its activator clears the history): take what it still holds. */
    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.STOPPING && event.getBundle().equals(logBundle)) {
            catchUp();
        }
    }

    private void catchUp() {
        List<LogEntry> all;
        try {
            all = Collections.list(reader.getLog());
        } catch (RuntimeException stopped) {
            return; // the log service is gone already: nothing left to take
        }
        Collections.reverse(all); // oldest first
        List<LogEntry> missed = new ArrayList<>();
        synchronized (this) {
            for (LogEntry e : all) {
                if (e.getSequence() > seen) {
                    seen = e.getSequence();
                    missed.add(e);
                }
            }
        }
        missed.forEach(sink);
    }
}
