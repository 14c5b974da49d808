package dev.keel.kernel.util;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition by checking it every 50 ms until a deadline: for the
 * few states that raise no event to wait on (a configuration applied, a plugin
 * registered, a bundle FileInstall took away). The bottom of the kernel: it
 * imports no other kernel package, so every package may use it.
 */
public final class Poll {

    /** How often the condition is checked. */
    public static final Duration INTERVAL = Duration.ofMillis(50);

    private Poll() {
    }

    /**
     * Checks {@code condition} at once and then every {@link #INTERVAL} until it
     * holds or {@code timeout} has passed.
     *
     * @return whether it held; false also when the thread was interrupted
     *         (its interrupt flag is set again, so the caller can tell)
     */
    public static boolean until(BooleanSupplier condition, Duration timeout) {
        return until(condition, timeout, INTERVAL);
    }

    /** {@link #until(BooleanSupplier, Duration)} with another interval (tests). */
    static boolean until(BooleanSupplier condition, Duration timeout, Duration interval) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                Thread.sleep(Math.max(1, Math.min(interval.toMillis(), left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
