package dev.keel.kernel.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The gate of calls into a plugin: drained before stop, bounded by a deadline; and the change signal held calls wait on. */
class InFlightTest {

    private final InFlight gate = new InFlight();

    @Test
    void anOpenGateCountsCallsInAndOut() {
        assertTrue(gate.enter());
        assertTrue(gate.enter());
        assertEquals(2, gate.count());
        gate.exit();
        gate.exit();
        assertEquals(0, gate.count());
        assertTrue(gate.drain(System.nanoTime()), "nothing in flight: drained at once");
    }

    @Test
    void drainWaitsForTheCallsInFlightAndKeepsNewOnesOut() throws Exception {
        assertTrue(gate.enter());
        CountDownLatch draining = new CountDownLatch(1);
        CompletableFuture<Long> drained = CompletableFuture.supplyAsync(() -> {
            draining.countDown();
            long t0 = System.nanoTime();
            assertTrue(gate.drain(t0 + TimeUnit.SECONDS.toNanos(30)));
            return System.nanoTime() - t0;
        });
        draining.await();
        while (!gate.closed()) {
            Thread.onSpinWait();
        }
        assertFalse(gate.enter(), "a new call is kept out while the gate drains");
        assertEquals(1, gate.count(), "the refused call left no count behind");
        Thread.sleep(50); // the call in flight takes a while
        assertFalse(drained.isDone(), "drain returns only once the call in flight has left");
        gate.exit();
        long took = drained.get(30, TimeUnit.SECONDS);
        assertTrue(took >= TimeUnit.MILLISECONDS.toNanos(50), "waited for the call: " + took);
        gate.open();
        assertTrue(gate.enter(), "open again: calls get in");
    }

    @Test
    void drainGivesUpAtItsDeadline() {
        assertTrue(gate.enter());
        long t0 = System.nanoTime();
        assertFalse(gate.drain(t0 + TimeUnit.MILLISECONDS.toNanos(100)));
        long took = System.nanoTime() - t0;
        assertTrue(took >= TimeUnit.MILLISECONDS.toNanos(100) && took < TimeUnit.SECONDS.toNanos(10), "took " + took);
        assertTrue(gate.closed());
    }

    @Test
    void aSignalWakesAWaiterAndTheDeadlineEndsTheWait() throws Exception {
        Changes changes = new Changes();
        long seen = changes.generation();
        long t0 = System.nanoTime();
        assertFalse(changes.await(seen, t0 + TimeUnit.MILLISECONDS.toNanos(50)));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(50));

        CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> {
            try {
                return changes.await(seen, System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
            } catch (InterruptedException e) {
                return false;
            }
        });
        Thread.sleep(20);
        changes.signal();
        assertTrue(woken.get(30, TimeUnit.SECONDS));
        assertTrue(changes.await(seen, System.nanoTime()), "a change already seen returns at once");
    }
}
