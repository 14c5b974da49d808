package dev.keel.kernel.storage;

import java.sql.SQLException;
import java.util.Set;

import com.zaxxer.hikari.SQLExceptionOverride;

import dev.keel.kernel.util.StorageFull;

/**
 * What the pool does with a connection whose statement failed, and what the
 * last disk-full failure says: a connection that saw a full disk or a closed
 * or broken database (H2 closes its store when a write fails) is evicted, so
 * the next connection opens the database again and Keel recovers by itself
 * once there is space, without a restart. While writes fail for lack of
 * space (a failure within the last {@value #FULL_MS} ms) readiness says so.
 */
final class DatabaseFaults implements SQLExceptionOverride {

    static final long FULL_MS = 15_000;
    /** H2: database closed, called at shutdown, I/O errors, file corrupted, no disk space, general error. */
    private static final Set<Integer> H2_BROKEN = Set.of(90098, 90121, 90028, 90031, 90030, 90100, 50000);

    private final String where;
    private volatile long fullAt;
    private volatile String fullMessage;

    DatabaseFaults(String where) {
        this.where = where;
    }

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        if (StorageFull.in(e)) {
            fullAt = System.nanoTime();
            fullMessage = e.getMessage();
            return Override.MUST_EVICT;
        }
        return H2_BROKEN.contains(e.getErrorCode()) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }

    /** A write refused before the database for lack of space ({@link DiskReserve}). */
    void refusedForSpace(String message) {
        fullAt = System.nanoTime();
        fullMessage = message;
    }

    /** Why writes fail now (a full disk seen lately), or null. */
    String problem() {
        long at = fullAt;
        if (fullMessage == null || System.nanoTime() - at > FULL_MS * 1_000_000) {
            return null;
        }
        return "the database " + where + " cannot write: its disk is full (" + first(fullMessage)
                + "); writes are refused with 507 until there is space again";
    }

    private static String first(String message) {
        String m = message == null ? "" : message.strip();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }

    /** The SQLException in an exception's causes, or one made of it. */
    static SQLException asSql(Exception e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof SQLException)) {
            t = t.getCause();
        }
        return t instanceof SQLException sql ? sql : new SQLException(e.getMessage(), e);
    }
}
