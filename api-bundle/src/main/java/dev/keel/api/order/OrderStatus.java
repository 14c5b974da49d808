package dev.keel.api.order;

/** Where an order stands. */
public enum OrderStatus {
    /** Recorded; the payment has not answered yet. */
    PENDING,
    /** The payment was captured. */
    PAID,
    /** The payment was declined or could not be taken; see the order's reason. */
    PAYMENT_FAILED
}
