package dev.keel.kernel.governance;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Call timeouts without handing the call to another thread: the call runs in
 * the caller's thread (its thread-locals, class loader and transaction stay
 * as they are) and a watchdog thread interrupts a thread whose call outlives
 * its deadline. Nested calls keep the nearest deadline. An interrupt is
 * either sent while the call is still open and then cleared when it closes,
 * or not sent at all: the watchdog and the closing call agree through one
 * compare-and-set, so no stray interrupt reaches later code.
 */
final class Deadlines implements AutoCloseable {

    /** Marks a slot whose thread the watchdog is interrupting right now. */
    private static final long FIRING = Long.MIN_VALUE;
    private static final VarHandle DEADLINE;

    static {
        try {
            DEADLINE = MethodHandles.lookup().findVarHandle(Slot.class, "deadline", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The deadlines of one thread's open calls, innermost last. */
    static final class Slot {
        final Thread thread;
        final long[] stack = new long[64];
        int depth;
        /** The deadline of the innermost open call, 0 when none, FIRING while being interrupted. */
        long deadline;
        /** The deadline the watchdog last interrupted the thread for; written by the watchdog only. */
        long firedFor;

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
        long outer;
        long mine;
        do {
            outer = settled(s);
            mine = outer != 0 && outer - deadline < 0 ? outer : deadline;
            if (mine == 0 || mine == FIRING) {
                mine = 1; // 0 and FIRING are markers
            }
        } while (!DEADLINE.compareAndSet(s, outer, mine));
        if (s.depth < s.stack.length) {
            s.stack[s.depth] = outer;
        }
        s.depth++;
        return s;
    }

    /**
     * Closes the innermost call of the slot; returns whether the watchdog
     * interrupted the thread for it (the interrupt is then cleared, unless the
     * enclosing call is overdue too).
     */
    boolean exit(Slot s) {
        s.depth--;
        long outer = s.depth >= 0 && s.depth < s.stack.length ? s.stack[s.depth] : 0;
        long mine;
        do {
            mine = settled(s);
        } while (!DEADLINE.compareAndSet(s, mine, outer));
        if (mine != 0 && s.firedFor == mine) {
            if (outer != mine) {
                Thread.interrupted();
            }
            return true;
        }
        return false;
    }

    /** The slot's deadline once no interrupt is in progress. */
    private static long settled(Slot s) {
        long d;
        while ((d = (long) DEADLINE.getAcquire(s)) == FIRING) {
            Thread.onSpinWait();
        }
        return d;
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
                long d = (long) DEADLINE.getAcquire(s);
                if (d != 0 && d != FIRING && now - d > 0 && s.firedFor != d && DEADLINE.compareAndSet(s, d, FIRING)) {
                    s.firedFor = d;
                    s.thread.interrupt();
                    DEADLINE.setRelease(s, d);
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
