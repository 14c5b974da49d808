package dev.keel.payment.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.api.payment.Payment;
import dev.keel.api.payment.PaymentStatus;
import dev.keel.support.plugin.BundlePlugin;
import dev.keel.support.store.Sql;

/** The payment plugin's tables, through the kernel's DataSource (selected by its documented target). One payment per idempotency key. */
@Component(service = PaymentStore.class)
public final class PaymentStore {

    private static final String COLUMNS = "id, order_id, amount, currency, status, fee, refunded, reason";

    private final DataSource db;

    @Activate
    public PaymentStore(@Reference(target = BundlePlugin.DATASOURCE) DataSource db) {
        this.db = db;
    }

    /**
     * Stores a new payment under its key.
     *
     * @return empty when the key is taken: the caller reads {@link #findByKey}
     */
    Optional<Payment> insert(String key, Payment p) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO payment_payments (" + COLUMNS
                        + ", idempotency_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, p.id());
            s.setString(2, p.orderId());
            s.setLong(3, p.amount());
            s.setString(4, p.currency());
            s.setString(5, p.status().name());
            s.setLong(6, p.fee());
            s.setLong(7, p.refunded());
            s.setString(8, p.reason());
            s.setString(9, key);
            s.setTimestamp(10, Timestamp.from(Instant.now()));
            s.executeUpdate();
            return Optional.of(p);
        } catch (SQLException e) {
            if (Sql.isConstraintViolation(e) && findByKey(key).isPresent()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    Optional<Payment> find(String id) throws SQLException {
        return one("SELECT " + COLUMNS + " FROM payment_payments WHERE id = ?", id);
    }

    Optional<Payment> findByKey(String key) throws SQLException {
        return one("SELECT " + COLUMNS + " FROM payment_payments WHERE idempotency_key = ?", key);
    }

    /**
     * Adds a refund if it fits in what is left; one statement, so concurrent
     * refunds never give back more than was taken.
     *
     * @return whether it fitted
     */
    boolean refund(String paymentId, long amount) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                int changed;
                // amount - refunded never overflows (0 <= refunded <= amount); refunded + ? could
                try (PreparedStatement s = c.prepareStatement("UPDATE payment_payments SET refunded = refunded + ?, "
                        + "status = CASE WHEN amount - refunded = ? THEN ? ELSE ? END "
                        + "WHERE id = ? AND status <> ? AND amount - refunded >= ?")) {
                    s.setLong(1, amount);
                    s.setLong(2, amount);
                    s.setString(3, PaymentStatus.REFUNDED.name());
                    s.setString(4, PaymentStatus.PARTIALLY_REFUNDED.name());
                    s.setString(5, paymentId);
                    s.setString(6, PaymentStatus.DECLINED.name());
                    s.setLong(7, amount);
                    changed = s.executeUpdate();
                }
                if (changed == 1) {
                    try (PreparedStatement s = c.prepareStatement(
                            "INSERT INTO payment_refunds (id, payment_id, amount, created_at) VALUES (?, ?, ?, ?)")) {
                        s.setString(1, UUID.randomUUID().toString());
                        s.setString(2, paymentId);
                        s.setLong(3, amount);
                        s.setTimestamp(4, Timestamp.from(Instant.now()));
                        s.executeUpdate();
                    }
                }
                c.commit();
                return changed == 1;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private Optional<Payment> one(String sql, String key) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Payment(rs.getString("id"), rs.getString("order_id"), rs.getLong("amount"),
                        rs.getString("currency").trim(), PaymentStatus.valueOf(rs.getString("status")),
                        rs.getLong("fee"), rs.getLong("refunded"), rs.getString("reason")));
            }
        }
    }
}
