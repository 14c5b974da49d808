package dev.keel.kernel.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class PollTest {

    @Test
    void aConditionThatHoldsIsCheckedOnce() {
        AtomicInteger checks = new AtomicInteger();
        assertTrue(Poll.until(() -> checks.incrementAndGet() > 0, Duration.ZERO));
        assertEquals(1, checks.get());
    }

    @Test
    void aConditionIsCheckedAgainUntilItHolds() {
        AtomicInteger checks = new AtomicInteger();
        assertTrue(Poll.until(() -> checks.incrementAndGet() == 3, Duration.ofSeconds(30), Duration.ofMillis(1)));
        assertEquals(3, checks.get());
    }

    @Test
    void aConditionThatNeverHoldsGivesUpAfterTheTimeout() {
        AtomicInteger checks = new AtomicInteger();
        long start = System.nanoTime();
        assertFalse(Poll.until(() -> checks.incrementAndGet() < 0, Duration.ofMillis(120)));
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(120).toNanos(), "returned before the deadline");
        assertTrue(checks.get() >= 2, "checked at the start and again after an interval: " + checks.get());
    }

    @Test
    void anInterruptEndsTheWaitAndStaysSet() {
        AtomicInteger checks = new AtomicInteger();
        Thread.currentThread().interrupt();
        try {
            assertFalse(Poll.until(() -> checks.incrementAndGet() < 0, Duration.ofSeconds(30)));
            assertTrue(Thread.currentThread().isInterrupted());
            assertEquals(1, checks.get());
        } finally {
            Thread.interrupted();
        }
    }
}
