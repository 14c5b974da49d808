package dev.keel.kernel.storage;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The process {@link EmbeddedH2CrashTest} kills: writer threads on a HikariCP
 * pool over the given H2 URL run the business plugins' kinds of transaction
 * (a registration as {@code UserStore.create} does it: one auto-commit
 * INSERT; a registration of two INSERTs, an order of three INSERTs with its
 * outbox row, the outbox drain's DELETE with an UPDATE) and append one line
 * per transaction to the acknowledgement file once its {@code commit()} (or
 * auto-commit statement) has returned, as a plugin answers 201 only then.
 * The kernel's {@link EmbeddedH2Compaction} runs beside them, as in Keel. The line is one
 * {@code write(2)}: in the operating system's cache when it returns, so it
 * survives the process's {@code kill -9} like H2's own writes.
 *
 * <p>{@code H2CrashWriter <jdbc-url> <ack-file> <threads>}
 */
public final class H2CrashWriter {

    private static final String HASH = "pbkdf2-sha256$210000$" + "x".repeat(86);

    private H2CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(10); // as StoragePool: pool.size 10, 2 idle
        config.setMinimumIdle(2);
        HikariDataSource db = new HikariDataSource(config);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS crash_users (id VARCHAR(36) PRIMARY KEY, name VARCHAR(200) NOT NULL,"
                    + " email VARCHAR(254) NOT NULL UNIQUE, order_count BIGINT DEFAULT 0 NOT NULL,"
                    + " created_at TIMESTAMP NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS crash_credentials (user_id VARCHAR(36) PRIMARY KEY,"
                    + " password_hash VARCHAR(512) NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS crash_orders (id VARCHAR(36) PRIMARY KEY, user_id VARCHAR(36),"
                    + " total BIGINT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS crash_items (order_id VARCHAR(36), line INT, sku VARCHAR(64),"
                    + " PRIMARY KEY (order_id, line))");
            s.execute("CREATE TABLE IF NOT EXISTS crash_accounts (id VARCHAR(36) PRIMARY KEY, name VARCHAR(200) NOT NULL,"
                    + " email VARCHAR(254) NOT NULL UNIQUE, created_at TIMESTAMP NOT NULL, password_hash VARCHAR(512))");
            s.execute("CREATE TABLE IF NOT EXISTS crash_outbox (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                    + " order_id VARCHAR(36) NOT NULL, body VARCHAR(400) NOT NULL)");
        }
        new EmbeddedH2Compaction(db, DiskReserve.NONE, "crash", System.err::println).start();
        FileOutputStream acks = new FileOutputStream(args[1], true);
        List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(args[2]); i++) {
            Thread t = new Thread(() -> write(db, acks), "writer-" + i);
            writers.add(t);
            t.start();
        }
        for (Thread t : writers) {
            t.join();
        }
    }

    private static void write(HikariDataSource db, FileOutputStream acks) {
        try {
            for (long i = 0;; i++) {
                String account = UUID.randomUUID().toString();
                try (Connection c = db.getConnection()) { // auto-commit: the INSERT commits as it returns
                    update(c, "INSERT INTO crash_accounts (id, name, email, created_at, password_hash)"
                            + " VALUES (?, ?, ?, ?, ?)", account, "Writer", account + "@example.com",
                            new Timestamp(System.currentTimeMillis()), HASH);
                }
                ack(acks, "account " + account);
                String user = UUID.randomUUID().toString();
                transaction(db, c -> {
                    update(c, "INSERT INTO crash_users (id, name, email, order_count, created_at) VALUES (?, ?, ?, 0, ?)",
                            user, "Writer", user + "@example.com", new Timestamp(System.currentTimeMillis()));
                    update(c, "INSERT INTO crash_credentials (user_id, password_hash) VALUES (?, ?)", user, HASH);
                });
                ack(acks, "user " + user);
                String order = UUID.randomUUID().toString();
                long total = i;
                transaction(db, c -> {
                    update(c, "INSERT INTO crash_orders (id, user_id, total) VALUES (?, ?, ?)", order, user, total);
                    update(c, "INSERT INTO crash_items (order_id, line, sku) VALUES (?, 1, ?)", order, "A-" + total);
                    update(c, "INSERT INTO crash_outbox (order_id, body) VALUES (?, ?)", order, "{\"id\":\"" + order + "\"}");
                });
                ack(acks, "order " + order);
                transaction(db, c -> {
                    update(c, "DELETE FROM crash_outbox WHERE order_id = ?", order);
                    update(c, "UPDATE crash_users SET order_count = order_count + 1 WHERE id = ?", user);
                });
                ack(acks, "counted " + user);
            }
        } catch (SQLException | IOException e) {
            e.printStackTrace();
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

    private static synchronized void ack(FileOutputStream acks, String line) throws IOException {
        acks.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
    }
}
