package dev.keel.payment.internal;

import java.util.Currency;

/** Money rules of the payment plugin: ISO 4217 codes and fees in basis points, integers only. */
final class Money {

    private Money() {
    }

    /** Whether {@code code} is a known ISO 4217 currency code (three upper-case letters). */
    static boolean isCurrency(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code amount * basisPoints / 10000}, rounded half up, in minor units. */
    static long fee(long amount, int basisPoints) {
        return (Math.multiplyExact(amount, (long) basisPoints) + 5_000) / 10_000;
    }
}
