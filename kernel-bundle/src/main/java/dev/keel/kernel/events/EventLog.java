package dev.keel.kernel.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster's event log in the shared database: {@code keel_event_log} holds each relayed event once (by id) under
 * a sequence number, {@code keel_event_cursor} the last number each node has delivered. Numbers are taken from the
 * one row of {@code keel_event_clock}, whose row lock every append holds until it commits: appends commit in the
 * order of their numbers, so a reader that has seen number n never sees a smaller one appear later (a sequence or
 * identity column would not promise that). Plain SQL that PostgreSQL and H2 both run.
 */
final class EventLog {

    /** One logged event. */
    record Entry(long seq, String id, String topic, String origin, String properties) {
    }

    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS keel_event_clock (id INT PRIMARY KEY, seq BIGINT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS keel_event_log (seq BIGINT PRIMARY KEY, event_id VARCHAR(200) NOT NULL UNIQUE, "
                + "topic VARCHAR(400) NOT NULL, origin VARCHAR(200) NOT NULL, properties VARCHAR(100000) NOT NULL, "
                + "created_ms BIGINT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS keel_event_log_created ON keel_event_log (created_ms)",
        "CREATE TABLE IF NOT EXISTS keel_event_cursor (node_id VARCHAR(200) PRIMARY KEY, seq BIGINT NOT NULL, "
                + "updated_ms BIGINT NOT NULL)",
    };

    /** Where connections come from (the kernel's pool, which a configuration change may replace). */
    interface Connections {
        Connection open() throws SQLException;
    }

    private final Connections db;

    EventLog(Connections db) {
        this.db = db;
    }

    /** Creates the tables when missing; another node creating them at the same moment is not a failure. */
    void create() throws SQLException {
        SQLException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try (Connection c = db.open(); Statement s = c.createStatement()) {
                for (String sql : SCHEMA) {
                    s.execute(sql);
                }
                s.execute("INSERT INTO keel_event_clock (id, seq) SELECT 1, 0 WHERE NOT EXISTS "
                        + "(SELECT 1 FROM keel_event_clock WHERE id = 1)");
                return;
            } catch (SQLException e) {
                // PostgreSQL: two CREATE TABLE IF NOT EXISTS at once can collide on its catalog; the next sees it
                last = e;
            }
        }
        throw last;
    }

    /**
     * Appends an event unless one with its id is there already.
     *
     * @return its sequence number, or -1 when it was logged before
     */
    long append(String id, String topic, String origin, String properties, long nowMs) throws SQLException {
        try (Connection c = db.open()) {
            c.setAutoCommit(false);
            try {
                long seq = next(c);
                // under the clock's lock: a concurrent append of the same id has committed or not started
                try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM keel_event_log WHERE event_id = ?")) {
                    s.setString(1, id);
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next()) {
                            c.rollback();
                            return -1;
                        }
                    }
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO keel_event_log (seq, event_id, topic, "
                        + "origin, properties, created_ms) VALUES (?, ?, ?, ?, ?, ?)")) {
                    s.setLong(1, seq);
                    s.setString(2, id);
                    s.setString(3, topic);
                    s.setString(4, origin);
                    s.setString(5, properties);
                    s.setLong(6, nowMs);
                    s.executeUpdate();
                }
                c.commit();
                return seq;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static long next(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (s.executeUpdate("UPDATE keel_event_clock SET seq = seq + 1 WHERE id = 1") != 1) {
                throw new SQLException("keel_event_clock has no row 1");
            }
            try (ResultSet rs = s.executeQuery("SELECT seq FROM keel_event_clock WHERE id = 1")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The events after {@code seq}, oldest first, at most {@code limit}. */
    List<Entry> after(long seq, int limit) throws SQLException {
        List<Entry> found = new ArrayList<>();
        try (Connection c = db.open(); PreparedStatement s = c.prepareStatement("SELECT seq, event_id, "
                + "topic, origin, properties FROM keel_event_log WHERE seq > ? ORDER BY seq")) {
            s.setMaxRows(limit);
            s.setLong(1, seq);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5)));
                }
            }
        }
        return found;
    }

    /**
     * Where a node is: the last number it delivered. A node seen for the first time starts before the oldest
     * event still kept (its handlers see what the log still holds; they de-duplicate by id).
     */
    long cursor(String node, long nowMs) throws SQLException {
        try (Connection c = db.open()) {
            try (PreparedStatement s = c.prepareStatement("SELECT seq FROM keel_event_cursor WHERE node_id = ?")) {
                s.setString(1, node);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        return rs.getLong(1);
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO keel_event_cursor (node_id, seq, updated_ms) "
                    + "VALUES (?, 0, ?)")) {
                s.setString(1, node);
                s.setLong(2, nowMs);
                s.executeUpdate();
            }
            return 0;
        }
    }

    /** Records that {@code node} delivered every event up to {@code seq}. */
    void advance(String node, long seq, long nowMs) throws SQLException {
        try (Connection c = db.open(); PreparedStatement s = c.prepareStatement("UPDATE keel_event_cursor "
                + "SET seq = ?, updated_ms = ? WHERE node_id = ? AND seq < ?")) {
            s.setLong(1, seq);
            s.setLong(2, nowMs);
            s.setString(3, node);
            s.setLong(4, seq);
            s.executeUpdate();
        }
    }

    /** Deletes the events logged before {@code beforeMs}; returns how many. */
    int prune(long beforeMs) throws SQLException {
        try (Connection c = db.open(); PreparedStatement s = c.prepareStatement(
                "DELETE FROM keel_event_log WHERE created_ms < ?")) {
            s.setLong(1, beforeMs);
            return s.executeUpdate();
        }
    }
}
