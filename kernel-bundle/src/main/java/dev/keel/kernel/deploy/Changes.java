package dev.keel.kernel.deploy;

import java.util.concurrent.TimeUnit;

/**
 * A generation number of the plugin states that callers waiting for a plugin
 * can sleep on: every state change (and every new provider) signals it.
 */
public final class Changes {

    private volatile long generation;

    /** Something changed: wakes every waiter. */
    public synchronized void signal() {
        generation++;
        notifyAll();
    }

    /** The current generation, to pass to {@link #await}. */
    public long generation() {
        return generation;
    }

    /**
     * Waits until the generation differs from {@code seen}, at most until
     * {@code deadlineNanos} ({@link System#nanoTime()}).
     *
     * @return whether a change came before the deadline
     */
    public synchronized boolean await(long seen, long deadlineNanos) throws InterruptedException {
        while (generation == seen) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
