package dev.keel.kernel.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride.Override;

class DatabaseFaultsTest {

    private final DatabaseFaults faults = new DatabaseFaults("jdbc:h2:file:async:/x/keel");

    @Test
    void aFullDiskEvictsTheConnectionAndReadinessSaysWhy() {
        assertNull(faults.problem());
        SQLException full = new SQLException("General error", "HY000", 50000,
                new IOException("No space left on device"));
        assertEquals(Override.MUST_EVICT, faults.adjudicate(full));
        String problem = faults.problem();
        assertTrue(problem != null && problem.contains("disk is full") && problem.contains("507"), problem);
    }

    @Test
    void aClosedStoreIsEvictedSoTheNextConnectionOpensItAgain() {
        assertEquals(Override.MUST_EVICT, faults.adjudicate(new SQLException("Database is already closed",
                "90098", 90098)));
        assertNull(faults.problem(), "closed, not full");
        assertEquals(Override.CONTINUE_EVICT, faults.adjudicate(new SQLException("duplicate", "23505", 23505)));
    }

    /**
     * H2 closes the whole database when a write fails (a full disk): the
     * pool's other connections are dead then, and Hikari hands out one used
     * within the last 500 ms without checking it. After the first failure
     * every one is evicted, so the next borrower reads on a reopened store.
     */
    @Test
    void aClosedH2DatabaseEvictsEveryPooledConnectionSoTheNextReadWorks(@TempDir Path dir) throws Exception {
        String url = StoragePool.embeddedUrl(dir);
        DatabaseFaults h2 = new DatabaseFaults(url);
        JdbcDataSource db = new JdbcDataSource();
        db.setURL(url);
        db.setUser("sa");
        HikariConfig config = new HikariConfig();
        config.setDataSource(db);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(4);
        config.setExceptionOverride(h2);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            h2.evictAllWith(() -> pool.getHikariPoolMXBean().softEvictConnections());
            List<Connection> warm = new ArrayList<>();
            for (int i = 0; i < 4; i++) { // every pooled connection used just now: no liveness check on borrow
                Connection c = pool.getConnection();
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE IF NOT EXISTS t (id INT)");
                }
                warm.add(c);
            }
            Connection broken = warm.remove(0);
            for (Connection c : warm) {
                c.close();
            }
            try (Statement st = broken.createStatement()) {
                st.execute("SHUTDOWN"); // the database object closes under every session, as a failed write does
            }
            SQLException first = null;
            try (Statement st = broken.createStatement()) {
                st.executeQuery("SELECT 1");
            } catch (SQLException e) {
                first = e;
            }
            assertTrue(first != null && (first.getErrorCode() == 90098 || first.getErrorCode() == 90121), String.valueOf(first));
            broken.close();
            for (int i = 0; i < 4; i++) {
                try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
                    assertTrue(rs.next());
                    assertEquals(0, rs.getInt(1));
                }
            }
        }
    }
}
