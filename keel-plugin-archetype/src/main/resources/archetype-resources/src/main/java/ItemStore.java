package ${package};

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

/** The plugin's table, {@code ${pluginName}_item}, created by {@code db/migration/V1__items.sql}. */
final class ItemStore {

    /** One row. */
    record Item(String id, String name, int quantity, String owner, String createdBy, String createdAt) {
    }

    private final DataSource db;

    ItemStore(DataSource db) {
        this.db = db;
    }

    Item add(String name, int quantity, String owner, String createdBy) throws SQLException {
        Item item = new Item(UUID.randomUUID().toString(), name, quantity, owner, createdBy, Instant.now().toString());
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO ${pluginName}_item (id, name, quantity, owner, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, item.id());
            s.setString(2, item.name());
            s.setInt(3, item.quantity());
            s.setString(4, item.owner());
            s.setString(5, item.createdBy());
            s.setTimestamp(6, Timestamp.from(Instant.parse(item.createdAt())));
            s.executeUpdate();
        }
        return item;
    }

    List<Item> list(int limit) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT id, name, quantity, owner, created_by, created_at FROM ${pluginName}_item ORDER BY created_at, id LIMIT ?")) {
            s.setInt(1, limit);
            try (ResultSet rs = s.executeQuery()) {
                List<Item> items = new ArrayList<>();
                while (rs.next()) {
                    items.add(row(rs));
                }
                return items;
            }
        }
    }

    Optional<Item> find(String id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT id, name, quantity, owner, created_by, created_at FROM ${pluginName}_item WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static Item row(ResultSet rs) throws SQLException {
        return new Item(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                rs.getTimestamp(6).toInstant().toString());
    }
}
