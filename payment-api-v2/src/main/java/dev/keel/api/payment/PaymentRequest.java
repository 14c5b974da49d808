package dev.keel.api.payment;

import java.util.Objects;

/**
 * What to charge (contract 2.0).
 *
 * @param idempotencyKey identifies the charge across retries
 * @param orderId the order paid for
 * @param amount what to charge
 */
public record PaymentRequest(String idempotencyKey, String orderId, Money amount) {

    /** Checks that nothing is missing. */
    public PaymentRequest {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(amount, "amount");
    }
}
