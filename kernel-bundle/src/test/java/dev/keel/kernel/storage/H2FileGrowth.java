package dev.keel.kernel.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The embedded H2's file size under a bounded write load ({@code bench/h2-file-growth/run}): writer threads on a
 * HikariCP pool run the business plugins' kinds of write (a registration: one auto-commit INSERT; an order: three
 * INSERTs with its outbox row; the outbox drain: a DELETE with an UPDATE) at a steady rate until the given number of
 * transactions is done, with or without the kernel's {@link EmbeddedH2Compaction}, printing the file size and H2's
 * own fill figures every 10 s. A figure, not a test.
 *
 * <p>{@code H2FileGrowth <keel-home> <transactions> <threads> <transactions-per-second> <compact: true|false>}
 */
public final class H2FileGrowth {

    private static final String HASH = "pbkdf2-sha256$210000$" + "x".repeat(86);

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        String url = EmbeddedH2.url(home); // the kernel's own
        Path file = home.resolve("data/db/keel.mv.db");
        long total = Long.parseLong(args[1]);
        int threads = Integer.parseInt(args[2]);
        int rate = Integer.parseInt(args[3]);
        boolean compact = Boolean.parseBoolean(args[4]);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(10);
        config.setMinimumIdle(2);
        System.out.printf(Locale.ROOT, "%s, %d transactions, %d threads, %d/s, kernel compaction %s; load average %s%n",
                url, total, threads, rate, compact ? "on" : "off", Files.readString(Path.of("/proc/loadavg")).trim());
        try (HikariDataSource db = new HikariDataSource(config); EmbeddedH2Compaction compaction =
                new EmbeddedH2Compaction(db, DiskReserve.NONE, "bench", System.out::println)) {
            schema(db);
            if (compact) {
                compaction.start();
            }
            AtomicLong done = new AtomicLong();
            long start = System.nanoTime();
            List<Thread> writers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(() -> write(db, done, total, start, rate), "writer-" + i);
                writers.add(t);
                t.start();
            }
            long next = System.nanoTime();
            while (writers.stream().anyMatch(Thread::isAlive)) {
                if (System.nanoTime() >= next) {
                    report(db, file, done.get(), start);
                    next += 10_000_000_000L;
                }
                writers.get(0).join(200);
            }
            for (Thread t : writers) {
                t.join();
            }
            report(db, file, done.get(), start);
        }
        System.out.printf(Locale.ROOT, "closed (H2 compacts on close): file %.1f MB; load average %s%n",
                Files.size(file) / 1e6, Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static void report(HikariDataSource db, Path file, long done, long start) throws Exception {
        Map<String, String> info = new LinkedHashMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                        + " WHERE SETTING_NAME IN ('info.CHUNK_COUNT', 'info.CHUNKS_FILL_RATE', 'info.FILL_RATE',"
                        + " 'info.FILE_SIZE')")) {
            while (rs.next()) {
                info.put(rs.getString(1).substring(5), rs.getString(2));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%6.0f s  %7d transactions (%5.0f/s)  file %7.1f MB  %s%n", seconds, done,
                done / Math.max(seconds, 0.001), Files.size(file) / 1e6, info);
    }

    private static void schema(HikariDataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_users (id VARCHAR(36) PRIMARY KEY, name VARCHAR(200) NOT NULL,"
                    + " email VARCHAR(254) NOT NULL UNIQUE, order_count BIGINT DEFAULT 0 NOT NULL,"
                    + " created_at TIMESTAMP NOT NULL, password_hash VARCHAR(512) NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS bench_orders (id VARCHAR(36) PRIMARY KEY, user_id VARCHAR(36),"
                    + " total BIGINT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS bench_items (order_id VARCHAR(36), line INT, sku VARCHAR(64),"
                    + " PRIMARY KEY (order_id, line))");
            s.execute("CREATE TABLE IF NOT EXISTS bench_outbox (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                    + " order_id VARCHAR(36) NOT NULL, body VARCHAR(400) NOT NULL)");
        }
    }

    private static void write(HikariDataSource db, AtomicLong done, long total, long start, int rate) {
        try {
            for (long i = 0; done.get() < total; i++) {
                String user = UUID.randomUUID().toString();
                try (Connection c = db.getConnection()) { // auto-commit, as UserStore.create
                    update(c, "INSERT INTO bench_users (id, name, email, order_count, created_at, password_hash)"
                            + " VALUES (?, ?, ?, 0, ?, ?)", user, "Writer", user + "@example.com",
                            new Timestamp(System.currentTimeMillis()), HASH);
                }
                String order = UUID.randomUUID().toString();
                long amount = i;
                transaction(db, c -> {
                    update(c, "INSERT INTO bench_orders (id, user_id, total) VALUES (?, ?, ?)", order, user, amount);
                    update(c, "INSERT INTO bench_items (order_id, line, sku) VALUES (?, 1, ?)", order, "A-" + amount);
                    update(c, "INSERT INTO bench_outbox (order_id, body) VALUES (?, ?)", order, "{\"id\":\"" + order + "\"}");
                });
                transaction(db, c -> {
                    update(c, "DELETE FROM bench_outbox WHERE order_id = ?", order);
                    update(c, "UPDATE bench_users SET order_count = order_count + 1 WHERE id = ?", user);
                });
                long wait = start + done.addAndGet(3) * 1_000_000_000L / rate - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // the steady rate, not a test's wait
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private interface Work {
        void run(Connection c) throws SQLException;
    }

    private static void transaction(HikariDataSource db, Work work) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            s.executeUpdate();
        }
    }
}
