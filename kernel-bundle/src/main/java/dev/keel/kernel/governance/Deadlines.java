package dev.keel.kernel.governance;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Call timeouts without handing the call to another thread: the call runs in
 * the caller's thread (its thread-locals, class loader and transaction stay
 * as they are) and a watchdog thread interrupts a thread whose call outlives
 * its deadline. Nested calls keep the nearest deadline. Entering and leaving
 * cost a thread-local lookup and a few plain writes.
 */
final class Deadlines implements AutoCloseable {

    /** The deadlines of one thread's open calls, innermost last. */
    static final class Slot {
        final Thread thread;
        final long[] stack = new long[64];
        int depth;
        /** The deadline of the innermost call, 0 when none; read by the watchdog. */
        volatile long deadline;
        /** The deadline the watchdog interrupted the thread for, 0 when none. */
        volatile long fired;

        Slot(Thread thread) {
            this.thread = thread;
        }
    }

    private final Set<Slot> slots = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<Slot> local = ThreadLocal.withInitial(this::register);
    private final Thread watchdog;
    private final long tickNanos;
    private volatile boolean closed;

    Deadlines(long tickMillis) {
        this.tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMillis);
        this.watchdog = new Thread(this::watch, "keel-governance-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private Slot register() {
        Slot s = new Slot(Thread.currentThread());
        slots.add(s);
        return s;
    }

    /** Opens a call that must end by {@code deadline} (a {@link System#nanoTime()} value); returns the slot to close. */
    Slot enter(long deadline) {
        Slot s = local.get();
        long outer = s.deadline;
        if (s.depth < s.stack.length) {
            s.stack[s.depth] = outer;
        }
        s.depth++;
        s.deadline = outer != 0 && outer - deadline < 0 ? outer : deadline;
        return s;
    }

    /**
     * Closes the innermost call of the slot; returns whether the watchdog
     * interrupted the thread for it (the interrupt is then cleared).
     */
    boolean exit(Slot s) {
        long mine = s.deadline;
        s.depth--;
        long outer = s.depth < s.stack.length ? s.stack[s.depth] : 0;
        s.deadline = outer;
        if (s.fired != 0 && s.fired == mine) {
            if (outer != mine) {
                // the enclosing call has time left: the interrupt was for this call only
                s.fired = 0;
                Thread.interrupted();
            }
            return true;
        }
        return false;
    }

    private void watch() {
        while (!closed) {
            LockSupport.parkNanos(tickNanos);
            long now = System.nanoTime();
            for (Slot s : slots) {
                if (!s.thread.isAlive()) {
                    slots.remove(s);
                    continue;
                }
                long d = s.deadline;
                if (d != 0 && now - d > 0 && s.fired != d) {
                    s.fired = d;
                    if (s.deadline == d) {
                        s.thread.interrupt();
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        watchdog.interrupt();
    }
}
