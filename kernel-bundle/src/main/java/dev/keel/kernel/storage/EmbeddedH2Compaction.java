package dev.keel.kernel.storage;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.sql.DataSource;

/**
 * The embedded H2's compaction, which {@code WRITE_DELAY=0} turns off: every
 * commit writes a chunk of its own, and a chunk keeps its space as long as one
 * of its pages is live, so without compaction the file grows with every write
 * (H2 issue #442; 83 MB after 9,400 writes here, 2% of it live). H2 rewrites
 * the live pages of such chunks only in its background writer, the thread
 * {@code WRITE_DELAY=0} stops; this does what that thread does, every
 * {@value #EVERY_MS} ms on a thread of its own: it asks the store
 * ({@code MVStore.compact}) to rewrite at most {@value #WRITE_BYTES} bytes of
 * live pages of its emptiest chunks. The rewritten pages go out with the next
 * commit; the emptied chunks' space is reused once H2's retention time has
 * passed. Commits stay as they were (written before they return).
 *
 * <p>Each round also syncs the file to disk ({@code MVStore.sync}, a
 * {@code FileChannel.force}): H2 itself forces it only when it closes, so a
 * power loss could take everything still in the machine's write-back cache
 * (up to about 30 s on Linux); now at most the last round's. Space H2 freed is
 * reused only {@link EmbeddedH2#RETENTION_MS} later, when the writes that
 * replaced it are on disk.
 *
 * <p>The store is H2's internal object, reached by reflection from a pooled
 * connection (H2 does not export it through JDBC); if this H2 has none, the
 * compaction says so once and stops. Its thread is never interrupted (an
 * interrupt inside H2 can break the store): {@link #close} lets a round
 * finish. No round runs while the disk is within the {@link DiskReserve}.
 */
final class EmbeddedH2Compaction implements AutoCloseable {

    static final long EVERY_MS = 1_000;
    /** H2's {@code compact} does nothing while its chunks are fuller than this (percent live; H2's auto-compact default). */
    static final int FILL_RATE = 90;
    /** Live bytes rewritten in one round at most: what H2's own writer rewrites while writes go on. */
    static final int WRITE_BYTES = 256 * 1024;

    /** Tries per round: H2's compaction waits at most 10 ms for its store lock, which every commit takes. */
    static final int ATTEMPTS = 5;

    private final DataSource pool;
    private final DiskReserve reserve;
    private final Consumer<String> cannot;
    private final ScheduledExecutorService timer;
    private volatile ScheduledFuture<?> task;

    EmbeddedH2Compaction(DataSource pool, DiskReserve reserve, String name, Consumer<String> cannot) {
        this.pool = pool;
        this.reserve = reserve;
        this.cannot = cannot;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "keel-h2-compaction-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the rounds. */
    EmbeddedH2Compaction start() {
        task = timer.scheduleWithFixedDelay(this::round, EVERY_MS, EVERY_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    private void round() {
        try {
            try {
                compactOnce();
            } finally {
                syncOnce(); // also after a round that could not compact: it bounds what a power loss takes
            }
        } catch (ReflectiveOperationException | ClassCastException e) {
            cannot.accept("this H2 has no store Keel can compact (" + e + "); its file grows with every write");
            task.cancel(false);
        } catch (SQLException | RuntimeException e) {
            // the database is closed or busy (a full disk, a restart of the pool): the next round tries again
        }
    }

    /**
     * One round: whether H2 rewrote anything.
     *
     * @throws ReflectiveOperationException when this H2 has no MVStore to reach
     */
    boolean compactOnce() throws SQLException, ReflectiveOperationException {
        if (reserve.low()) {
            return false; // a disk within the reserve gets no more writes, not even these
        }
        try (Connection c = pool.getConnection()) {
            Object store = mvStore(c);
            for (int i = 0; i < ATTEMPTS; i++) { // H2 gives up after 10 ms when commits hold its store lock
                if ((Boolean) call(store, "compact", new Class<?>[] { int.class, int.class }, FILL_RATE, WRITE_BYTES)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Forces what H2 wrote so far to the disk (runs even within the disk reserve: it writes nothing new). */
    void syncOnce() throws SQLException, ReflectiveOperationException {
        try (Connection c = pool.getConnection()) {
            call(mvStore(c), "sync", new Class<?>[0]);
        }
    }

    /** H2's {@code MVStore} behind a (pooled) embedded H2 connection: session, database, store, MVStore. */
    static Object mvStore(Connection c) throws SQLException, ReflectiveOperationException {
        Object jdbc = c.unwrap(Connection.class); // HikariCP hands out its delegate, H2's JdbcConnection
        Object session = call(jdbc, "getSession", new Class<?>[0]);
        Object database = call(session, "getDatabase", new Class<?>[0]);
        Object store = call(database, "getStore", new Class<?>[0]);
        Object mvStore = call(store, "getMvStore", new Class<?>[0]);
        if (mvStore == null || !mvStore.getClass().getName().equals("org.h2.mvstore.MVStore")) {
            throw new ClassNotFoundException("org.h2.mvstore.MVStore behind " + jdbc.getClass().getName());
        }
        return mvStore;
    }

    private static Object call(Object target, String name, Class<?>[] types, Object... args)
            throws ReflectiveOperationException {
        Method m = target.getClass().getMethod(name, types);
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Stops the rounds and waits for one that runs (never interrupts it: H2 does not survive interrupts). */
    @Override
    public void close() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                cannot.accept("a compaction round of the embedded H2 did not end within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
