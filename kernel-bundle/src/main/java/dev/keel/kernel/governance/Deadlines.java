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
        /** How deep the thread is in storage calls (no interrupt lands there); written by the thread only. */
        volatile int inStorage;
        /** Cancels the storage statement the thread runs now, or null. */
        volatile Runnable cancel;
        /** Whether the thread's interrupt is held while it closes or rolls back in storage; the thread's own. */
        boolean heldInterrupt;
        /** The deadline the watchdog last cancelled a statement for; written by the watchdog only. */
        long cancelledFor;

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

    /**
     * Opens a region of storage code (JDBC) in the current thread: while it
     * is open the watchdog does not interrupt the thread (an interrupt inside
     * a database driver may break it for everyone; H2's MVStore is not
     * interrupt-safe) but runs {@code cancel} (the statement's
     * {@code Statement.cancel()}) once its call is overdue, and interrupts
     * only after the region closed. Refused (false, nothing opened) when the
     * thread is interrupted already: it must not enter the driver so.
     */
    boolean enterStorage(Runnable cancel) {
        return enterStorage(cancel, false);
    }

    /**
     * Like {@link #enterStorage(Runnable)}; with {@code always} (closing and
     * rolling back, which must happen) an interrupted thread enters too: its
     * interrupt is held (cleared) while it is inside and set again when the
     * region closes.
     */
    boolean enterStorage(Runnable cancel, boolean always) {
        Slot s = local.get();
        int depth = s.inStorage;
        s.inStorage = depth + 1;
        if (depth == 0) {
            s.cancel = cancel;
        }
        // a volatile read after the volatile write: either the watchdog sees inStorage, or this sees its
        // interrupt in progress (FIRING) and waits for it to complete before looking at the flag
        while ((long) DEADLINE.getVolatile(s) == FIRING) {
            Thread.onSpinWait();
        }
        if (Thread.currentThread().isInterrupted()) {
            if (always && depth == 0) {
                Thread.interrupted();
                s.heldInterrupt = true;
                return true;
            }
            exitStorage();
            return false;
        }
        return true;
    }

    /** Closes the innermost region {@link #enterStorage} opened. */
    void exitStorage() {
        Slot s = local.get();
        int depth = s.inStorage - 1;
        if (depth == 0) {
            s.cancel = null;
        }
        s.inStorage = Math.max(0, depth);
        if (depth == 0 && s.heldInterrupt) {
            s.heldInterrupt = false;
            Thread.currentThread().interrupt();
        }
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
                    if (s.inStorage > 0) {
                        // not inside the driver: cancel its statement, interrupt once it is out
                        Runnable c = s.cancel;
                        DEADLINE.setRelease(s, d);
                        if (c != null && s.cancelledFor != d) {
                            s.cancelledFor = d;
                            cancel(c);
                        }
                        continue;
                    }
                    s.firedFor = d;
                    s.thread.interrupt();
                    DEADLINE.setRelease(s, d);
                }
            }
        }
    }

    private static void cancel(Runnable c) {
        try {
            c.run();
        } catch (RuntimeException e) {
            // the statement ended meanwhile, or the driver cannot cancel: the call ends when it returns
        }
    }

    @Override
    public void close() {
        closed = true;
        watchdog.interrupt();
    }
}
