package dev.keel.kernel.deploy;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The one admission loop of the HTTP entry and of governed calls: choose a
 * target and enter its gate; while nothing may serve (or the chosen target is
 * being drained) and the plugin is coming back, hold the caller on the change
 * signal and try again, until the hold timeout has passed since it arrived.
 * Held time is spent before the call runs, so it counts toward neither its
 * timeout nor its circuit breaker.
 */
public final class Admission {

    /** Longest sleep between two looks, in case a change is not signalled (e.g. a provider's registration). */
    static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Changes changes;
    private final LongSupplier holdTimeoutMs;

    Admission(Changes changes, LongSupplier holdTimeoutMs) {
        this.changes = changes;
        this.holdTimeoutMs = holdTimeoutMs;
    }

    /**
     * Admits one call: returns its target, whose gate the call has entered
     * and must leave ({@link InFlight#exit()}) when done.
     *
     * @throws RuntimeException the admittee's answer: {@link Admittee#notBack} after a hold,
     *         {@link Admittee#unavailable} when not held
     */
    public <T> T enter(Admittee<T> call) {
        long seen = changes.generation();
        T target = call.choose();
        if (target != null && call.gate(target).enter()) {
            return target;
        }
        // nothing may serve now, or the chosen target is being drained before it stops: hold while it comes back
        long timeoutMs = holdTimeoutMs.getAsLong();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        boolean held = false;
        for (;;) {
            long now = System.nanoTime();
            boolean late = now - deadline >= 0;
            if (late || !call.comingBack(target)) {
                if (!late && changes.generation() != seen) {
                    // something changed between the choice and this answer (e.g. the route of an update registered
                    // and its "routes went away" mark was cleared meanwhile): the answer would be about a state that
                    // is gone, so choose again
                    seen = changes.generation();
                    target = call.choose();
                    if (target != null && call.gate(target).enter()) {
                        return target;
                    }
                    continue;
                }
                throw held || late ? call.notBack(target, timeoutMs) : call.unavailable(target);
            }
            held = true;
            try {
                changes.await(seen, Math.min(deadline, now + RECHECK_NANOS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw call.notBack(target, timeoutMs);
            }
            seen = changes.generation();
            target = call.choose();
            if (target != null && call.gate(target).enter()) {
                return target;
            }
        }
    }
}
