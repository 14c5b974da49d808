package dev.keel.kernel.storage;

import java.nio.file.Path;
import java.util.Locale;

/** The kernel's embedded database: where it lives and the settings it is opened with. */
final class EmbeddedH2 {

    private EmbeddedH2() {
    }

    /**
     * How long H2 keeps the space of chunks no longer in use before it writes
     * over them ({@code RETENTION_TIME}), in ms. H2's 45 s default is meant
     * for a store whose writes may still sit in the machine's write-back
     * cache; the kernel syncs the file every second
     * ({@link EmbeddedH2Compaction}), so space freed 5 s ago is on disk, and
     * with every commit a chunk of its own ({@code WRITE_DELAY=0}) 45 s of
     * chunks made the file many times larger than its data.
     */
    static final int RETENTION_MS = 5_000;

    /**
     * The embedded H2 in {@code <home>/data/db/keel}, durable and interrupt-safe:
     * {@code WRITE_DELAY=0} writes every commit to the file before the commit
     * returns (H2's default of 500 ms loses the last half second on a crash),
     * and the {@code async:} file system does its I/O through an
     * {@code AsynchronousFileChannel}, so a thread interrupted inside H2 (a
     * governed call that timed out) does not close the store's file channel.
     * Free space is reused after {@link #RETENTION_MS}.
     */
    static String url(Path home) {
        return "jdbc:h2:file:async:" + home.resolve("data/db/keel").toAbsolutePath().toString().replace('\\', '/')
                + ";WRITE_DELAY=0;RETENTION_TIME=" + RETENTION_MS;
    }

    /** Whether an H2 URL writes every commit before it returns (other URLs: not H2's to say, true). */
    static boolean durable(String url) {
        return !url.startsWith("jdbc:h2:") || url.startsWith("jdbc:h2:mem:")
                || url.toUpperCase(Locale.ROOT).contains("WRITE_DELAY=0");
    }
}
