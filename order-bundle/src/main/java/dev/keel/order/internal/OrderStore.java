package dev.keel.order.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.api.order.Order;
import dev.keel.api.order.OrderEvents;
import dev.keel.api.order.OrderItem;
import dev.keel.api.order.OrderStatus;
import dev.keel.support.plugin.BundlePlugin;
import dev.keel.support.store.Sql;

/** The order plugin's tables, through the kernel's DataSource (selected by its documented target). */
@Component(service = OrderStore.class)
public final class OrderStore {

    private static final String COLUMNS = "id, user_id, total, currency, status, payment_id, reason, created_at";

    private final DataSource db;

    @Activate
    public OrderStore(@Reference(target = BundlePlugin.DATASOURCE) DataSource db) {
        this.db = db;
    }

    /** Records an order and its lines in one transaction. */
    void insert(Order o) throws SQLException {
        insert(o, null);
    }

    /**
     * Records an order and its lines in one transaction, under an idempotency
     * key (or none: {@code null}).
     *
     * @return false when the key is taken: nothing was recorded, the caller reads {@link #findByKey}
     */
    boolean insert(Order o, String key) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO order_orders (" + COLUMNS
                        + ", idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    s.setString(1, o.id());
                    s.setString(2, o.userId());
                    s.setLong(3, o.total());
                    s.setString(4, o.currency());
                    s.setString(5, o.status().name());
                    s.setString(6, o.paymentId());
                    s.setString(7, o.reason());
                    s.setTimestamp(8, Timestamp.from(o.createdAt()));
                    s.setString(9, key);
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO order_items (order_id, line, sku, quantity, unit_price) VALUES (?, ?, ?, ?, ?)")) {
                    int line = 0;
                    for (OrderItem item : o.items()) {
                        s.setString(1, o.id());
                        s.setInt(2, line++);
                        s.setString(3, item.sku());
                        s.setInt(4, item.quantity());
                        s.setLong(5, item.unitPrice());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                Outbox.record(c, OrderEvents.PLACED, o);
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                if (key != null && Sql.isConstraintViolation(e) && findByKey(key).isPresent()) {
                    return false;
                }
                throw e;
            }
        }
    }

    /**
     * Records the payment outcome, unless one is recorded already: an outcome
     * with a payment replaces one without (PENDING, or PAYMENT_FAILED because
     * the payment could not be taken); an outcome without a payment only
     * replaces PENDING. So a retried placement never overwrites a payment taken.
     *
     * @return whether this outcome was recorded
     */
    boolean settle(Order settled, String topic) throws SQLException {
        String paymentId = settled.paymentId();
        String reason = settled.reason();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE order_orders SET status = ?, payment_id = ?, reason = ? WHERE id = ? AND "
                            + (paymentId != null ? "payment_id IS NULL" : "status = '" + OrderStatus.PENDING + "'"))) {
                s.setString(1, settled.status().name());
                s.setString(2, paymentId);
                s.setString(3, reason == null ? null : reason.substring(0, Math.min(reason.length(), 500)));
                s.setString(4, settled.id());
                boolean recorded = s.executeUpdate() == 1;
                if (recorded) {
                    Outbox.record(c, topic, settled); // the event commits with the outcome it reports
                }
                c.commit();
                return recorded;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The order placed under an idempotency key, if any. */
    Optional<Order> findByKey(String key) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM order_orders WHERE idempotency_key = ?", key).stream().findFirst();
    }

    Optional<Order> find(String id) throws SQLException {
        List<Order> found = query("SELECT " + COLUMNS + " FROM order_orders WHERE id = ?", id);
        return found.stream().findFirst();
    }

    List<Order> findByUser(String userId) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM order_orders WHERE user_id = ? ORDER BY created_at DESC, id", userId);
    }

    private List<Order> query(String sql, String key) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, key);
            List<Order> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString("id");
                    out.add(new Order(id, rs.getString("user_id"), items(c, id), rs.getLong("total"),
                            rs.getString("currency").trim(), OrderStatus.valueOf(rs.getString("status")),
                            rs.getString("payment_id"), rs.getString("reason"),
                            rs.getTimestamp("created_at").toInstant()));
                }
            }
            return out;
        }
    }

    private static List<OrderItem> items(Connection c, String orderId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT sku, quantity, unit_price FROM order_items WHERE order_id = ? ORDER BY line")) {
            s.setString(1, orderId);
            List<OrderItem> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new OrderItem(rs.getString(1), rs.getInt(2), rs.getLong(3)));
                }
            }
            return out;
        }
    }
}
