package dev.keel.kernel.deploy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calls and requests in flight into one plugin bundle, and the gate they
 * enter by: closed while the plugin is drained before it stops, so no new call
 * starts on a plugin that is about to go; opened again when it is ACTIVE.
 */
public final class InFlight {

    private final AtomicInteger count = new AtomicInteger();
    private volatile boolean closed;

    /**
     * Enters the gate: on {@code true} the caller must {@link #exit()} when done;
     * on {@code false} the plugin is being drained and the caller must choose again.
     */
    public boolean enter() {
        count.incrementAndGet();
        if (closed) {
            exit();
            return false;
        }
        return true;
    }

    /** Leaves the gate after a call that {@link #enter() entered}. */
    public void exit() {
        if (count.decrementAndGet() == 0 && closed) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Lets calls in again. */
    public void open() {
        closed = false;
    }

    /** Whether calls are kept out. */
    public boolean closed() {
        return closed;
    }

    /** How many calls are in flight now. */
    public int count() {
        return count.get();
    }

    /**
     * Closes the gate and waits until every call in flight has left, or until
     * the deadline ({@link System#nanoTime()}) has passed.
     *
     * @return whether none is left in flight
     */
    public boolean drain(long deadlineNanos) {
        closed = true;
        synchronized (this) {
            while (count.get() > 0) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return count.get() == 0;
                }
            }
        }
        return true;
    }
}
