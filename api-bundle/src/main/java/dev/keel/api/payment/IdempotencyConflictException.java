package dev.keel.api.payment;

/**
 * An idempotency key was used again for a different charge (another order,
 * amount or currency). The first charge stands; nothing new was charged.
 */
public class IdempotencyConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String paymentId;

    /**
     * @param idempotencyKey the key used twice
     * @param paymentId the payment the key already belongs to
     */
    public IdempotencyConflictException(String idempotencyKey, String paymentId) {
        // the message names no payment: it may reach a caller who is not the first one's
        super("idempotency key " + idempotencyKey + " was already used for a different charge"
                + " (another order, amount or currency)");
        this.paymentId = paymentId;
    }

    /** @return the payment the key already belongs to */
    public String paymentId() {
        return paymentId;
    }
}
