package dev.keel.api.order;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An order placed by a user. Money is in minor units, never floating point.
 *
 * @param id the order id
 * @param userId the user who placed it
 * @param items the order lines
 * @param total the sum of the lines, in minor units
 * @param currency the ISO 4217 currency code
 * @param status where the order stands
 * @param paymentId the payment taken for it, or {@code null}
 * @param reason why the payment failed, or {@code null}
 * @param createdAt when it was placed
 */
public record Order(String id, String userId, List<OrderItem> items, long total, String currency,
        OrderStatus status, String paymentId, String reason, Instant createdAt) implements java.io.Serializable {

    /** Checks that no required component is null, and copies the items. */
    public Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        items = List.copyOf(items);
    }
}
