package dev.keel.payment.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void feesAreBasisPointsRoundedHalfUp() {
        assertEquals(38, Money.fee(2500, 150)); // 37.5 -> 38
        assertEquals(37, Money.fee(2490, 150)); // 37.35 -> 37
        assertEquals(0, Money.fee(2500, 0));
        assertEquals(2500, Money.fee(2500, 10_000));
        assertEquals(1, Money.fee(1, 5_000)); // 0.5 -> 1
    }

    @Test
    void aFeeThatWouldOverflowIsAnError() {
        assertThrows(ArithmeticException.class, () -> Money.fee(Long.MAX_VALUE / 2, 10_000));
    }

}
