package dev.keel.api.payment;

import java.util.Objects;

/**
 * A payment taken for an order. Money is in minor units of an ISO 4217
 * currency, never floating point.
 *
 * @param id the payment id
 * @param orderId the order it pays
 * @param amount the amount in minor units (cents for EUR)
 * @param currency the ISO 4217 currency code
 * @param status the outcome
 */
public record Payment(String id, String orderId, long amount, String currency, PaymentStatus status) {

    /** Checks that no component is null. */
    public Payment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(status, "status");
    }
}
