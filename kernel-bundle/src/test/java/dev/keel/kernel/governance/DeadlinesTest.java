package dev.keel.kernel.governance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

    private final Deadlines deadlines = new Deadlines(2);

    @AfterEach
    void close() {
        deadlines.close();
        Thread.interrupted();
    }

    private static long in(long ms) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    }

    @Test
    void aCallWithinItsDeadlineIsNotInterrupted() {
        Deadlines.Slot s = deadlines.enter(in(10_000));
        assertFalse(deadlines.exit(s));
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void anOverdueCallIsInterruptedAndTheInterruptIsClearedWhenItCloses() {
        Deadlines.Slot s = deadlines.enter(in(50));
        assertThrows(InterruptedException.class, () -> Thread.sleep(20_000));
        assertTrue(deadlines.exit(s));
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void anInnerTimeoutLeavesTheOuterCallRunningAndNestedCallsKeepTheNearestDeadline() throws Exception {
        Deadlines.Slot outer = deadlines.enter(in(10_000));
        Deadlines.Slot inner = deadlines.enter(in(50));
        assertThrows(InterruptedException.class, () -> Thread.sleep(20_000));
        assertTrue(deadlines.exit(inner));
        assertFalse(Thread.currentThread().isInterrupted(), "the outer call has time left");
        Thread.sleep(100);
        assertFalse(deadlines.exit(outer));

        Deadlines.Slot shortOuter = deadlines.enter(in(50));
        Deadlines.Slot longInner = deadlines.enter(in(10_000));
        assertThrows(InterruptedException.class, () -> Thread.sleep(20_000), "the outer deadline applies inside");
        assertTrue(deadlines.exit(longInner));
        assertTrue(deadlines.exit(shortOuter));
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void manyShortCallsLeaveNoStrayInterrupt() {
        for (int i = 0; i < 20_000; i++) {
            Deadlines.Slot s = deadlines.enter(System.nanoTime() + (i % 3) * 1000);
            deadlines.exit(s);
            assertFalse(Thread.currentThread().isInterrupted(), "call " + i);
        }
    }

    @Test
    void anOverdueCallInsideStorageIsNotInterruptedThereButItsStatementIsCancelledAndItIsInterruptedAfter()
            throws Exception {
        java.util.concurrent.CountDownLatch cancelled = new java.util.concurrent.CountDownLatch(1);
        Deadlines.Slot s = deadlines.enter(in(50));
        assertTrue(deadlines.enterStorage(cancelled::countDown));
        // the "statement" runs until it is cancelled; a sleep stands for it and must not be interrupted
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (cancelled.getCount() > 0 && System.nanoTime() < until) {
            Thread.sleep(5); // would throw if the watchdog interrupted the thread inside storage
        }
        assertTrue(cancelled.getCount() == 0, "the overdue statement was cancelled");
        // an absence cannot be polled for: give a wrong interrupt one watchdog tick after the cancel to land
        Thread.sleep(50);
        assertFalse(Thread.currentThread().isInterrupted(), "no interrupt inside storage");
        deadlines.exitStorage();
        assertThrows(InterruptedException.class, () -> Thread.sleep(20_000), "interrupted once out of storage");
        assertTrue(deadlines.exit(s));
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void anInterruptedThreadDoesNotEnterStorage() {
        Thread.currentThread().interrupt();
        assertFalse(deadlines.enterStorage(() -> { }));
        assertTrue(Thread.interrupted(), "the interrupt is left as it was");
        assertTrue(deadlines.enterStorage(() -> { }));
        deadlines.exitStorage();
    }

    @Test
    void anInterruptedThreadStillClosesInStorageWithItsInterruptHeldAndSetAgainAfter() {
        Thread.currentThread().interrupt();
        assertTrue(deadlines.enterStorage(() -> { }, true));
        assertFalse(Thread.currentThread().isInterrupted(), "held while inside storage");
        deadlines.exitStorage();
        assertTrue(Thread.interrupted(), "set again once out");
    }
}
