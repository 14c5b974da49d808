package dev.keel.payment.internal;

/** Money rules of the payment plugin: fees in basis points, integers only. */
final class Money {

    private Money() {
    }


    /** {@code amount * basisPoints / 10000}, rounded half up, in minor units. */
    static long fee(long amount, int basisPoints) {
        return (Math.multiplyExact(amount, (long) basisPoints) + 5_000) / 10_000;
    }
}
