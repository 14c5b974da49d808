package dev.keel.kernel.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's embedded H2 URL survives what a governance timeout does to a
 * plugin thread inside JDBC: an interrupt. Plain {@code jdbc:h2:file:} closes
 * the store's file channel on such an interrupt and every later statement
 * fails (H2 issues #227, #1076, #1300); the {@code async:} file system of
 * {@link StoragePool#embeddedUrl} does not.
 */
class EmbeddedH2Test {

    private static final int WRITERS = 3;
    private static final long STORM_MS = 1_500;

    @Test
    void interruptsInsideStatementsLeaveTheStoreHealthyAndKeepEveryCommit(@TempDir Path home) throws Exception {
        String url = StoragePool.embeddedUrl(home);
        assertTrue(url.startsWith("jdbc:h2:file:async:") && url.contains(";WRITE_DELAY=0;"), url);
        JdbcDataSource db = new JdbcDataSource();
        db.setURL(url);
        db.setUser("sa");
        try (Connection keeper = db.getConnection(); Statement st = keeper.createStatement()) {
            st.execute("CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(1000))");
            AtomicInteger ids = new AtomicInteger();
            AtomicInteger committed = new AtomicInteger();
            List<String> failures = new ArrayList<>();
            CountDownLatch ready = new CountDownLatch(WRITERS);
            List<Connection> connections = new ArrayList<>();
            List<Thread> writers = new ArrayList<>();
            long end = System.nanoTime() + STORM_MS * 1_000_000;
            for (int i = 0; i < WRITERS; i++) {
                Connection c = db.getConnection();
                connections.add(c);
                Thread t = new Thread(() -> write(c, ids, committed, failures, ready, end), "writer-" + i);
                writers.add(t);
                t.start();
            }
            ready.await();
            while (System.nanoTime() < end) {
                writers.forEach(Thread::interrupt);
                Thread.onSpinWait();
            }
            for (Thread t : writers) {
                t.join();
            }
            assertTrue(committed.get() > 0, "nothing was written during the storm");
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
                rs.next();
                int found = rs.getInt(1);
                // an insert interrupted after its commit may report a failure, so found can exceed committed
                assertTrue(found >= committed.get() && found <= committed.get() + failures.size(),
                        "found " + found + ", committed " + committed + ", failures " + failures);
            }
            for (Connection c : connections) { // the writers' own connections still work
                try (Statement again = c.createStatement()) {
                    assertEquals(1, again.executeUpdate("INSERT INTO t VALUES (" + ids.incrementAndGet() + ", 'after')"));
                }
                c.close();
            }
        }
    }

    private static void write(Connection c, AtomicInteger ids, AtomicInteger committed, List<String> failures,
            CountDownLatch ready, long end) {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?, REPEAT('x', 900))")) {
            ready.countDown();
            while (System.nanoTime() < end) {
                insert.setInt(1, ids.incrementAndGet());
                try {
                    insert.executeUpdate();
                    committed.incrementAndGet();
                } catch (SQLException e) {
                    synchronized (failures) {
                        failures.add(e.getMessage().lines().findFirst().orElse(""));
                    }
                }
            }
            Thread.interrupted(); // clear a last interrupt before the next test step
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
