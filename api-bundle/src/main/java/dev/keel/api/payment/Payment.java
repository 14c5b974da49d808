package dev.keel.api.payment;

import java.util.Objects;

/**
 * A payment taken for an order. Money is in minor units of an ISO 4217
 * currency, never floating point.
 *
 * @param id the payment id
 * @param orderId the order it pays
 * @param amount the amount charged, in minor units (cents for EUR)
 * @param currency the ISO 4217 currency code
 * @param status the outcome
 * @param fee the fee the provider keeps, in minor units of the same currency
 * @param refunded how much of {@code amount} has been given back, in minor units
 * @param reason why the charge was declined, or {@code null}
 */
public record Payment(String id, String orderId, long amount, String currency, PaymentStatus status,
        long fee, long refunded, String reason) implements java.io.Serializable {

    /** Checks that no required component is null and the amounts make sense. */
    public Payment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(status, "status");
        if (refunded < 0 || refunded > amount) {
            throw new IllegalArgumentException("refunded must be between 0 and amount");
        }
    }

    /** @return what can still be refunded, in minor units */
    public long refundable() {
        return status == PaymentStatus.DECLINED ? 0 : amount - refunded;
    }
}
