package dev.keel.kernel.util;

import java.sql.SQLException;

/**
 * Recognises a write refused because the database's disk is full, in an
 * exception and its causes: the operating system's "No space left on
 * device" / "Disk quota exceeded", H2's error 90100 (no disk space
 * available), PostgreSQL's SQL state 53100 (disk_full). Kernel-internal.
 */
public final class StorageFull {

    private StorageFull() {
    }

    /** Whether {@code t} or one of its causes (or suppressed exceptions) says the disk is full. */
    public static boolean in(Throwable t) {
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
            if (says(t)) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (says(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean says(Throwable t) {
        if (t instanceof SQLException sql && (sql.getErrorCode() == 90100 || "53100".equals(sql.getSQLState()))) {
            return true;
        }
        String m = t.getMessage();
        return m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"));
    }
}
