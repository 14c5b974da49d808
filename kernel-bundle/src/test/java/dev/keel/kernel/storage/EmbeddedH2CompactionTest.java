package dev.keel.kernel.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The kernel's compaction of the embedded H2 ({@link EmbeddedH2Compaction})
 * reaches H2's store through a pooled connection of the kernel's URL and makes
 * its chunks fuller, without losing a row; it leaves a disk within the reserve
 * alone. (The file's size over a longer load: {@code bench/h2-file-growth}.)
 */
class EmbeddedH2CompactionTest {

    private static HikariDataSource pool(Path home) {
        return pool(StoragePool.embeddedUrl(home));
    }

    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }

    @Test
    void reachesTheStoreThroughThePool(@TempDir Path home) throws Exception {
        try (HikariDataSource db = pool(home); Connection c = db.getConnection()) {
            assertEquals("org.h2.mvstore.MVStore", EmbeddedH2Compaction.mvStore(c).getClass().getName());
        }
    }

    @Test
    void rewritesTheEmptiestChunksAndKeepsEveryRow(@TempDir Path home) throws Exception {
        // chunks become rewritable after H2's retention time (EmbeddedH2.RETENTION_MS): none here, so the test need
        // not wait (in the URL: H2 applies a URL's settings to every new connection, so a SET would not stick)
        String url = StoragePool.embeddedUrl(home).replace(";RETENTION_TIME=" + EmbeddedH2.RETENTION_MS,
                ";RETENTION_TIME=0");
        try (HikariDataSource db = pool(url)) {
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id VARCHAR(36) PRIMARY KEY, body VARCHAR(200))");
            }
            List<String> ids = new ArrayList<>();
            insert(db, ids, 1_500); // one commit, one chunk each: most of each chunk is dead soon after
            int before = chunksFillRate(db);
            EmbeddedH2Compaction compaction = new EmbeddedH2Compaction(db, DiskReserve.NONE, "test", message -> { });
            int rounds = 0;
            while (rounds < 50 && compaction.compactOnce()) {
                rounds++;
                insert(db, ids, 5); // the rewritten pages go out with the next commits
            }
            int after = chunksFillRate(db);
            System.out.printf("H2 compaction: chunks fill rate %d%% -> %d%% after %d rounds%n", before, after, rounds);
            assertTrue(rounds > 0, "nothing was rewritten");
            assertTrue(after > before, "chunks fill rate " + before + "% -> " + after + "%");
            try (Connection c = db.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
                rs.next();
                assertEquals(ids.size(), rs.getInt(1));
            }
        }
    }

    @Test
    void syncsTheStoreAndKeepsTheRetentionAboveTheSyncInterval(@TempDir Path home) throws Exception {
        try (HikariDataSource db = pool(home)) {
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id VARCHAR(36) PRIMARY KEY, body VARCHAR(200))");
            }
            insert(db, new ArrayList<>(), 10);
            new EmbeddedH2Compaction(db, DiskReserve.NONE, "test", message -> { }).syncOnce();
        }
        // space H2 frees is written over only when what replaced it has been synced (several rounds later)
        assertTrue(EmbeddedH2.RETENTION_MS >= 5 * EmbeddedH2Compaction.EVERY_MS,
                EmbeddedH2.RETENTION_MS + " ms retention, a sync every " + EmbeddedH2Compaction.EVERY_MS + " ms");
        assertTrue(StoragePool.embeddedUrl(home).endsWith(";RETENTION_TIME=" + EmbeddedH2.RETENTION_MS));
    }

    @Test
    void leavesADiskWithinTheReserveAlone(@TempDir Path home) throws Exception {
        DiskReserve all = DiskReserve.of(home, Long.MAX_VALUE / 2, message -> { }, message -> { });
        try (HikariDataSource db = pool(home)) {
            assertFalse(new EmbeddedH2Compaction(db, all, "test", message -> { }).compactOnce());
        }
    }

    private static void insert(HikariDataSource db, List<String> ids, int n) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO t (id, body) VALUES (?, ?)")) {
            for (int i = 0; i < n; i++) {
                String id = UUID.randomUUID().toString();
                s.setString(1, id);
                s.setString(2, "x".repeat(150));
                s.executeUpdate();
                ids.add(id);
            }
        }
    }

    private static int chunksFillRate(HikariDataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.CHUNKS_FILL_RATE'")) {
            assertTrue(rs.next(), "H2 says nothing about its chunks' fill rate");
            return Integer.parseInt(rs.getString(1));
        }
    }
}
