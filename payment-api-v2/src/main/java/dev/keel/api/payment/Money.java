package dev.keel.api.payment;

import java.util.Objects;

/**
 * An amount in minor units of an ISO 4217 currency (contract 2.0).
 *
 * @param minor the amount in minor units
 * @param currency the currency code
 */
public record Money(long minor, String currency) {

    /** Checks that a currency is named. */
    public Money {
        Objects.requireNonNull(currency, "currency");
    }
}
