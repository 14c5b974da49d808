package dev.keel.user.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.api.user.User;
import dev.keel.support.plugin.BundlePlugin;
import dev.keel.support.store.Sql;

/** The user plugin's tables, through the kernel's DataSource (selected by its documented target). */
@Component(service = UserStore.class)
public final class UserStore {

    /** A user with the statistics kept from order events. */
    record Account(User user, long orderCount, Map<String, Long> totals) {
    }

    /** A page of accounts and how many there are in all. */
    record Page(List<Account> items, long total) {
    }

    /** A user's id and password hash (null: registered before passwords, cannot log in). */
    record Credential(String userId, String passwordHash) {
        @Override
        public String toString() {
            return "Credential[userId=" + userId + "]";
        }
    }

    /** Thrown when the e-mail address is taken; names the user who has it, not the address. */
    static final class DuplicateEmail extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final String existingId;

        DuplicateEmail(String existingId) {
            super("the e-mail is already registered to user " + existingId);
            this.existingId = existingId;
        }

        String existingId() {
            return existingId;
        }
    }

    private final DataSource db;

    @Activate
    public UserStore(@Reference(target = BundlePlugin.DATASOURCE) DataSource db) {
        this.db = db;
    }

    /** Stores a user with its password hash (one INSERT); the e-mail in lower case. */
    Account create(String name, String email, String passwordHash) throws SQLException {
        String id = UUID.randomUUID().toString();
        String normalized = email.toLowerCase(Locale.ROOT);
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO user_users (id, name, email, order_count,"
                        + " created_at, password_hash) VALUES (?, ?, ?, 0, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, name);
            s.setString(3, normalized);
            s.setTimestamp(4, Timestamp.from(Instant.now()));
            s.setString(5, passwordHash);
            s.executeUpdate();
        } catch (SQLException e) {
            if (Sql.isConstraintViolation(e)) {
                Optional<Account> existing = findByEmail(normalized);
                if (existing.isPresent()) {
                    throw new DuplicateEmail(existing.get().user().id());
                }
            }
            throw e;
        }
        return new Account(new User(id, name, normalized), 0, Map.of());
    }

    /** The id and password hash of the user with this e-mail (any case), or empty. */
    Optional<Credential> credential(String email) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT id, password_hash FROM user_users WHERE email = ?")) {
            s.setString(1, email.toLowerCase(Locale.ROOT));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Credential(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    Optional<Account> find(String id) throws SQLException {
        try (Connection c = db.getConnection()) {
            return one(c, "SELECT id, name, email, order_count FROM user_users WHERE id = ?", id);
        }
    }

    private Optional<Account> findByEmail(String email) throws SQLException {
        try (Connection c = db.getConnection()) {
            return one(c, "SELECT id, name, email, order_count FROM user_users WHERE email = ?", email);
        }
    }

    Page list(int limit, int offset) throws SQLException {
        try (Connection c = db.getConnection()) {
            List<Account> items = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, name, email, order_count FROM user_users ORDER BY created_at, id LIMIT ? OFFSET ?")) {
                s.setInt(1, limit);
                s.setInt(2, offset);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        items.add(account(c, rs));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM user_users");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Page(items, rs.getLong(1));
            }
        }
    }

    /**
     * Counts an order event once: the first delivery of {@code eventKey}
     * changes the statistics, a repeat changes nothing.
     *
     * @return whether this delivery was counted
     */
    boolean count(String eventKey, String userId, long orders, String currency, long paid) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO user_seen_events (event_key, seen_at) VALUES (?, ?)")) {
                    s.setString(1, eventKey);
                    s.setTimestamp(2, Timestamp.from(Instant.now()));
                    s.executeUpdate();
                }
                if (orders != 0) {
                    try (PreparedStatement s = c.prepareStatement(
                            "UPDATE user_users SET order_count = order_count + ? WHERE id = ?")) {
                        s.setLong(1, orders);
                        s.setString(2, userId);
                        s.executeUpdate();
                    }
                }
                if (paid != 0) {
                    addTotal(c, userId, currency, paid);
                }
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                if (Sql.isConstraintViolation(e) && seen(c, eventKey)) {
                    return false;
                }
                throw e;
            }
        }
    }

    private static void addTotal(Connection c, String userId, String currency, long amount) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE user_totals SET total = total + ? WHERE user_id = ? AND currency = ?")) {
            s.setLong(1, amount);
            s.setString(2, userId);
            s.setString(3, currency);
            if (s.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO user_totals (user_id, currency, total) VALUES (?, ?, ?)")) {
            s.setString(1, userId);
            s.setString(2, currency);
            s.setLong(3, amount);
            s.executeUpdate();
        }
    }

    private static boolean seen(Connection c, String eventKey) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM user_seen_events WHERE event_key = ?")) {
            s.setString(1, eventKey);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Optional<Account> one(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(account(c, rs)) : Optional.empty();
            }
        }
    }

    private static Account account(Connection c, ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        Map<String, Long> totals = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT currency, total FROM user_totals WHERE user_id = ?")) {
            s.setString(1, id);
            try (ResultSet t = s.executeQuery()) {
                while (t.next()) {
                    totals.put(t.getString(1).trim(), t.getLong(2));
                }
            }
        }
        return new Account(new User(id, rs.getString("name"), rs.getString("email")), rs.getLong("order_count"), totals);
    }
}
