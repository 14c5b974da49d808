package dev.keel.kernel.events;

import java.sql.SQLException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import dev.keel.kernel.governance.ClusterRole;
import dev.keel.kernel.observe.Readiness;
import dev.keel.kernel.storage.StoragePool;
import dev.keel.kernel.util.LogText;

/**
 * Events across the nodes of a cluster, through the shared database; there only while this node is part of a
 * cluster (a {@link ClusterRole} is registered). A handler on the relayed topics ({@code events.topics} of PID
 * {@code keel.cluster}) appends each event published on this node to the {@link EventLog}, synchronously: an event
 * an outbox delivers with {@code sendEvent} is logged before the outbox forgets it. A thread of its own reads the
 * log after this node's cursor and sends every event another node logged to this node's EventAdmin (synchronously,
 * so its handlers have run), then moves the cursor: each event reaches every node at least once, in the log's
 * order, and a node that was down catches up from its cursor when it is back. Relayed events carry
 * {@link EventCodec#ID} (handlers de-duplicate by it) and {@link EventCodec#ORIGIN}.
 */
@Component(service = ClusterEvents.class, immediate = true, configurationPid = "keel.cluster",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class ClusterEvents {

    /** The attributes of PID {@code keel.cluster} this component reads (their Metatype is the cluster node's). */
    public @interface Config {
        String[] events_topics() default {"keel/order/*"};

        long events_poll_ms() default 250;

        int events_retention_hours() default 168;
    }

    /** What the relay has done since this node joined. */
    public record Status(String node, long cursor, long logged, long relayed, int waiting, String problem) {
    }

    static final int BATCH = 200;
    /** Most events kept in memory while the log cannot be written (the database is away). */
    static final int MAX_WAITING = 10_000;
    private static final long PRUNE_EVERY_MS = 60_000;

    private final String node;
    private final EventAdmin events;
    private final Readiness readiness;
    private final Logger log;
    private final EventLog eventLog;
    private final long pollMs;
    private final long retentionMs;
    private final Semaphore wake = new Semaphore(0);
    private final BlockingQueue<Object[]> waiting = new LinkedBlockingQueue<>(MAX_WAITING);
    private final AtomicLong logged = new AtomicLong();
    private final AtomicLong relayed = new AtomicLong();
    private final Thread relay;
    private final ServiceRegistration<EventHandler> capture;
    private volatile boolean running = true;
    private volatile long cursor = -1;
    private volatile String problem;
    private long pruned;

    @Activate
    public ClusterEvents(BundleContext context, Config config, @Reference ClusterRole role,
            @Reference StoragePool pool, @Reference EventAdmin events, @Reference Readiness readiness,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.node = role.node();
        this.events = events;
        this.readiness = readiness;
        this.log = log;
        this.eventLog = new EventLog(() -> pool.dataSource()
                .orElseThrow(() -> new SQLException("storage has no pool")).getConnection());
        this.pollMs = Math.max(10, config.events_poll_ms());
        this.retentionMs = TimeUnit.HOURS.toMillis(Math.max(1, config.events_retention_hours()));
        this.relay = new Thread(this::run, "keel-cluster-events");
        relay.setDaemon(true);
        relay.start();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, config.events_topics());
        this.capture = context.registerService(EventHandler.class, new Capture(), props);
        log.info("cluster events: node {} relays {} through the shared database", LogText.escape(node),
                LogText.escape(String.join(",", config.events_topics())));
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        try {
            capture.unregister();
        } catch (IllegalStateException gone) {
            // the framework is stopping
        }
        running = false;
        wake.release();
        relay.join(TimeUnit.SECONDS.toMillis(10));
    }

    /** The relay's state (for {@code keel:nodes}). */
    public Status status() {
        return new Status(node, cursor, logged.get(), relayed.get(), waiting.size(), problem);
    }

    /**
     * The handler on the relayed topics (a class of its own: EventAdmin's {@code IgnoreTimeout} names it by its
     * package, so a slow database never gets it denied further events).
     */
    private final class Capture implements EventHandler {
        @Override
        public void handleEvent(Event event) {
            capture(event);
        }
    }

    /** Logs an event published here (not one relayed in from another node). */
    private void capture(Event event) {
        if (event.getProperty(EventCodec.ORIGIN) != null) {
            return;
        }
        Map<String, Object> props = EventCodec.properties(event);
        Object[] entry = {EventCodec.id(event.getTopic(), props), event.getTopic(), EventCodec.encode(props)};
        try {
            append(entry);
        } catch (SQLException e) {
            // kept for the relay thread to log once the database answers again (lost if this node dies first)
            if (!waiting.offer(entry)) {
                log.error("cluster events: {} dropped, {} already wait for the database: {}",
                        LogText.escape(event.getTopic()), MAX_WAITING, LogText.escape(e.getMessage()));
            }
            wake.release();
        }
    }

    private void append(Object[] e) throws SQLException {
        if (eventLog.append((String) e[0], (String) e[1], node, (String) e[2], System.currentTimeMillis()) > 0) {
            logged.incrementAndGet();
        }
    }

    private void run() {
        while (running) {
            boolean more = false;
            try {
                if (cursor < 0) {
                    eventLog.create();
                    cursor = eventLog.cursor(node, System.currentTimeMillis());
                }
                for (Object[] e = waiting.peek(); e != null; e = waiting.peek()) {
                    append(e);
                    waiting.remove();
                }
                more = relayBatch();
                prune();
                if (problem != null) {
                    log.info("cluster events: relaying again from the shared database");
                    problem = null;
                }
            } catch (SQLException | RuntimeException e) {
                if (problem == null) {
                    log.warn("cluster events: the shared database does not answer, retrying: {}",
                            LogText.escape(e.toString()));
                }
                problem = e.toString();
            }
            if (!more) {
                try {
                    wake.tryAcquire(pollMs, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** Sends the next events other nodes logged to this node's handlers; true when there may be more. */
    private boolean relayBatch() throws SQLException {
        List<EventLog.Entry> batch = eventLog.after(cursor, BATCH);
        if (batch.isEmpty()) {
            return false;
        }
        if (!deliverable()) {
            return false;
        }
        long last = cursor;
        for (EventLog.Entry e : batch) {
            if (!running) {
                break;
            }
            if (!node.equals(e.origin())) {
                Map<String, Object> props = EventCodec.decode(e.properties());
                props.put(EventCodec.ID, e.id());
                props.put(EventCodec.ORIGIN, e.origin());
                events.sendEvent(new Event(e.topic(), props));
                relayed.incrementAndGet();
            }
            last = e.seq();
        }
        eventLog.advance(node, last, System.currentTimeMillis());
        cursor = last;
        return batch.size() == BATCH;
    }

    /** Start-up has settled (the handlers of this node's plugins are there), or is not on its way to. */
    private boolean deliverable() {
        Readiness.Report r = readiness.report();
        return r.up() || r.settled();
    }

    private void prune() throws SQLException {
        long now = System.currentTimeMillis();
        if (now - pruned >= PRUNE_EVERY_MS) {
            pruned = now;
            int n = eventLog.prune(now - retentionMs);
            if (n > 0) {
                log.info("cluster events: {} events older than the retention deleted from the log", n);
            }
        }
    }
}
