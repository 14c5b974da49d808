package dev.keel.kernel.storage;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The free space the embedded H2 never writes into: while its disk has less
 * than the reserve free, statements that write are refused before they reach
 * the database, with SQL state 53100 (disk full, as PostgreSQL says it), so
 * plugins answer 507 and readiness says why; reads go on. H2 must not meet a
 * full disk itself: its store closes on a failed write and a store reopened
 * on a full disk has lost acknowledged commits here. The free space is read
 * at most every {@value #CHECK_MS} ms.
 */
final class DiskReserve {

    static final long CHECK_MS = 200;
    /** No reserve (PostgreSQL, in-memory H2, or a reserve of 0). */
    static final DiskReserve NONE = new DiskReserve(null, 0, message -> { });

    private final FileStore store;
    private final long reserveBytes;
    private final Consumer<String> refused;
    private volatile long checkedAt;
    private volatile long usable = Long.MAX_VALUE;

    private DiskReserve(FileStore store, long reserveBytes, Consumer<String> refused) {
        this.store = store;
        this.reserveBytes = reserveBytes;
        this.refused = refused;
    }

    /**
     * A reserve on the file system of {@code dir}; NONE when there is no folder (not the embedded database), the
     * reserve is 0, or the folder's file system cannot be read (said to {@code cannot}).
     */
    static DiskReserve of(Path dir, long reserveBytes, Consumer<String> refused, Consumer<String> cannot) {
        if (dir == null || reserveBytes <= 0) {
            return NONE;
        }
        try {
            return new DiskReserve(Files.getFileStore(dir), reserveBytes, refused);
        } catch (IOException e) {
            cannot.accept(dir + ": " + e);
            return NONE;
        }
    }

    /** Whether the disk is within the reserve (its free space read at most every {@value #CHECK_MS} ms). */
    boolean low() {
        if (store == null) {
            return false;
        }
        long now = System.nanoTime();
        if (now - checkedAt > CHECK_MS * 1_000_000) {
            try {
                usable = store.getUsableSpace();
            } catch (IOException e) {
                usable = Long.MAX_VALUE; // the database reports what is wrong with its disk itself
            }
            checkedAt = now;
        }
        return usable < reserveBytes;
    }

    /** Throws the disk-full refusal when the disk is within the reserve. */
    void checkWrite() throws SQLException {
        if (low()) {
            long free = usable;
            String message = String.format(Locale.ROOT, "No space left for the database: %d KiB free, below the"
                    + " reserve of %d KiB (keel.storage disk.reserve.mb) that the embedded H2 never writes into",
                    free / 1024, reserveBytes / 1024);
            refused.accept(message);
            throw new SQLException(message, "53100");
        }
    }

    /** Whether a statement's SQL only reads (what is refused under the reserve is everything else). */
    static boolean reads(String sql) {
        if (sql == null) {
            return false;
        }
        String s = sql.stripLeading();
        while (s.startsWith("(")) {
            s = s.substring(1).stripLeading();
        }
        int end = 0;
        while (end < s.length() && Character.isLetter(s.charAt(end))) {
            end++;
        }
        return switch (s.substring(0, end).toUpperCase(Locale.ROOT)) {
            case "SELECT", "WITH", "VALUES", "TABLE", "SHOW", "EXPLAIN" -> true;
            default -> false;
        };
    }
}
