package dev.keel.api.payment;

/** The state of a payment. */
public enum PaymentStatus {
    /** The money was taken. */
    CAPTURED,
    /** The charge was refused; nothing was taken. */
    DECLINED,
    /** Part of what was taken was given back. */
    PARTIALLY_REFUNDED,
    /** Everything taken was given back. */
    REFUNDED
}
