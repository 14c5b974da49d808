package dev.keel.kernel.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * The one admission loop of the HTTP entry and governed calls: enter at once when a target may serve, hold while
 * the plugin is coming back, choose again when the chosen target is being drained, give up after the hold timeout,
 * and never hold a call whose plugin is not coming back.
 */
class AdmissionTest {

    private final Changes changes = new Changes();
    private final AtomicInteger holdMs = new AtomicInteger(5_000);
    private final Admission admission = new Admission(changes, holdMs::get);

    /** A call whose targets are gates, chosen from a field the test changes. */
    private static class Call implements Admittee<InFlight> {
        volatile InFlight serving;
        volatile boolean comingBack = true;
        final AtomicInteger choices = new AtomicInteger();

        @Override
        public InFlight choose() {
            choices.incrementAndGet();
            return serving;
        }

        @Override
        public InFlight gate(InFlight target) {
            return target;
        }

        @Override
        public boolean comingBack(InFlight last) {
            return comingBack;
        }

        @Override
        public RuntimeException notBack(InFlight last, long holdTimeoutMs) {
            return new NotBack(holdTimeoutMs);
        }

        @Override
        public RuntimeException unavailable(InFlight last) {
            return new Unavailable();
        }
    }

    private static final class NotBack extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long holdTimeoutMs;

        NotBack(long holdTimeoutMs) {
            this.holdTimeoutMs = holdTimeoutMs;
        }
    }

    private static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void aChangeBetweenTheChoiceAndTheAnswerMakesItChooseAgainInsteadOfAnswering() {
        // an update's route registers after the request chose (no route) and before it asked whether the plugin is
        // coming back (the route's "went away" mark already cleared): the answer must not be a 404 of a route that
        // is there now
        InFlight registered = new InFlight();
        Call call = new Call() {
            @Override
            public boolean comingBack(InFlight last) {
                if (serving == null) {
                    serving = registered;
                    changes.signal();
                }
                return false;
            }
        };
        assertSame(registered, admission.enter(call));
        assertEquals(2, call.choices.get(), "chose again after the change");
        assertEquals(1, registered.count());
    }

    @Test
    void withoutAChangeSinceTheChoiceAPluginThatIsNotComingBackIsAnsweredAtOnce() {
        Call call = new Call();
        call.comingBack = false;
        assertThrows(Unavailable.class, () -> admission.enter(call));
        assertEquals(1, call.choices.get());
    }

    @Test
    void aTargetThatMayServeIsEnteredAtOnce() {
        Call call = new Call();
        call.serving = new InFlight();
        assertSame(call.serving, admission.enter(call));
        assertEquals(1, call.serving.count(), "the caller is in the gate until it exits");
        assertEquals(1, call.choices.get());
    }

    @Test
    void aCallWhosePluginIsNotComingBackIsAnsweredAtOnceAndNotHeld() {
        Call call = new Call();
        call.comingBack = false;
        long t0 = System.nanoTime();
        assertThrows(Unavailable.class, () -> admission.enter(call));
        assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(1_000), "not held");
    }

    @Test
    void aHeldCallIsAdmittedAsSoonAsItsPluginIsBack() throws Exception {
        Call call = new Call();
        InFlight back = new InFlight();
        CompletableFuture<InFlight> admitted = CompletableFuture.supplyAsync(() -> admission.enter(call));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (call.choices.get() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // held: it looked again at least once
        }
        assertTrue(call.choices.get() >= 2, "held and looking again");
        call.serving = back;
        changes.signal();
        assertSame(back, admitted.get(10, TimeUnit.SECONDS));
        assertEquals(1, back.count());
    }

    @Test
    void aCallChoosesAgainWhenItsTargetIsBeingDrained() throws Exception {
        Call call = new Call();
        InFlight leaving = new InFlight();
        leaving.drain(System.nanoTime()); // closed: its plugin is about to stop
        InFlight successor = new InFlight();
        call.serving = leaving;
        CompletableFuture<InFlight> admitted = CompletableFuture.supplyAsync(() -> admission.enter(call));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (call.choices.get() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        call.serving = successor;
        changes.signal();
        assertSame(successor, admitted.get(10, TimeUnit.SECONDS));
        assertEquals(0, leaving.count(), "refused by the closed gate: nothing left in it");
    }

    @Test
    void aHeldCallGivesUpAfterTheHoldTimeout() {
        holdMs.set(300);
        Call call = new Call();
        long t0 = System.nanoTime();
        NotBack e = assertThrows(NotBack.class, () -> admission.enter(call));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(300, e.holdTimeoutMs);
        assertTrue(tookMs >= 290 && tookMs < 5_000, "held about hold.timeout.ms: " + tookMs);
        assertTrue(call.choices.get() >= 2, "looked again while held");
    }

    @Test
    void aCallWhosePluginStopsComingBackWhileHeldGetsTheHoldAnswer() throws Exception {
        Call call = new Call();
        CompletableFuture<Void> refused = CompletableFuture.runAsync(() -> admission.enter(call));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (call.choices.get() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        call.comingBack = false; // e.g. it FAILED while the call waited
        changes.signal();
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> refused.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof NotBack, "held, so answered as not back: " + e.getCause());
    }

    @Test
    void withAHoldTimeoutOfZeroNothingIsHeld() {
        holdMs.set(0);
        Call call = new Call();
        long t0 = System.nanoTime();
        assertThrows(NotBack.class, () -> admission.enter(call));
        assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(1_000));
        assertEquals(1, call.choices.get());
    }
}
