package dev.keel.api.order;

import java.util.Objects;

/**
 * An order placed by a user.
 *
 * @param id the order id
 * @param userId the user who placed it
 * @param total the total in minor units
 * @param currency the ISO 4217 currency code
 * @param status the order status, e.g. {@code PAID} or {@code PAYMENT_FAILED}
 */
public record Order(String id, String userId, long total, String currency, String status) {

    /** Checks that no component is null. */
    public Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(status, "status");
    }
}
