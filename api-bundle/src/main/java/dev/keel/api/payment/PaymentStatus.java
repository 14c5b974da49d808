package dev.keel.api.payment;

/** The outcome of a charge. */
public enum PaymentStatus {
    /** The money was taken. */
    CAPTURED,
    /** The charge was refused. */
    DECLINED,
    /** Everything taken was given back. */
    REFUNDED
}
