package dev.keel.order.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import dev.keel.api.order.Order;
import dev.keel.api.order.OrderEvents;
import dev.keel.support.plugin.BundlePlugin;

/**
 * The order plugin's transactional outbox: {@link OrderStore} records an
 * order's event in the same transaction as the change it reports
 * ({@link #record}); it is delivered synchronously ({@code sendEvent}: every
 * handler has run when it returns) and then deleted. An event whose delivery
 * a crash cut off is still in the table and is delivered when the plugin
 * starts ({@link #drain}): at least once; the user plugin counts each order
 * event once, so a second delivery changes nothing.
 */
@Component(service = Outbox.class)
public final class Outbox {

    private final DataSource db;
    private final EventAdmin events;
    private final Logger log;

    @Activate
    public Outbox(@Reference(target = BundlePlugin.DATASOURCE) DataSource db, @Reference EventAdmin events,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.db = db;
        this.events = events;
        this.log = log;
    }

    /** Records the event of {@code o} under {@code topic} in the caller's transaction. */
    static void record(Connection c, String topic, Order o) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO order_outbox (order_id, topic, user_id, total, "
                + "currency, status) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, o.id());
            s.setString(2, topic);
            s.setString(3, o.userId());
            s.setLong(4, o.total());
            s.setString(5, o.currency());
            s.setString(6, o.status().name());
            s.executeUpdate();
        }
    }

    /** Delivers the recorded event of an order under a topic, then deletes it (nothing when none is left). */
    void deliver(String orderId, String topic) {
        try {
            for (Map<String, Object> e : pending("SELECT order_id, topic, user_id, total, currency, status FROM "
                    + "order_outbox WHERE order_id = ? AND topic = ?", orderId, topic)) {
                send(e);
            }
        } catch (SQLException e) {
            // the event stays recorded: the next start delivers it
            log.warn("order {}: {} not delivered yet: {}", orderId, topic, e.getMessage());
        }
    }

    /** Delivers every event still recorded (those a crash cut off); called when the plugin starts. */
    int drain() throws SQLException {
        List<Map<String, Object>> left = pending("SELECT order_id, topic, user_id, total, currency, status FROM "
                + "order_outbox ORDER BY order_id, topic");
        for (Map<String, Object> e : left) {
            send(e);
        }
        if (!left.isEmpty()) {
            log.info("delivered {} order events a stop or crash had left in the outbox", left.size());
        }
        return left.size();
    }

    private void send(Map<String, Object> e) throws SQLException {
        String topic = (String) e.remove("topic");
        events.sendEvent(new Event(topic, e));
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "DELETE FROM order_outbox WHERE order_id = ? AND topic = ?")) {
            s.setString(1, (String) e.get(OrderEvents.ORDER_ID));
            s.setString(2, topic);
            s.executeUpdate();
        }
    }

    private List<Map<String, Object>> pending(String sql, String... keys) throws SQLException {
        List<Map<String, Object>> found = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < keys.length; i++) {
                s.setString(i + 1, keys[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> e = new HashMap<>();
                    e.put(OrderEvents.ORDER_ID, rs.getString(1));
                    e.put("topic", rs.getString(2));
                    e.put(OrderEvents.USER_ID, rs.getString(3));
                    e.put(OrderEvents.TOTAL, rs.getLong(4));
                    e.put(OrderEvents.CURRENCY, rs.getString(5).strip());
                    e.put(OrderEvents.STATUS, rs.getString(6));
                    found.add(e);
                }
            }
        }
        return found;
    }
}
