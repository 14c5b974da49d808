package dev.keel.kernel.storage;

import java.nio.file.Path;
import java.util.Locale;

/** The kernel's embedded database: where it lives and the settings it is opened with. */
final class EmbeddedH2 {

    private EmbeddedH2() {
    }

    /**
     * The embedded H2 in {@code <home>/data/db/keel}, durable and interrupt-safe:
     * {@code WRITE_DELAY=0} writes every commit to the file before the commit
     * returns (H2's default of 500 ms loses the last half second on a crash),
     * and the {@code async:} file system does its I/O through an
     * {@code AsynchronousFileChannel}, so a thread interrupted inside H2 (a
     * governed call that timed out) does not close the store's file channel.
     */
    static String url(Path home) {
        return "jdbc:h2:file:async:" + home.resolve("data/db/keel").toAbsolutePath().toString().replace('\\', '/')
                + ";WRITE_DELAY=0";
    }

    /** Whether an H2 URL writes every commit before it returns (other URLs: not H2's to say, true). */
    static boolean durable(String url) {
        return !url.startsWith("jdbc:h2:") || url.startsWith("jdbc:h2:mem:")
                || url.toUpperCase(Locale.ROOT).contains("WRITE_DELAY=0");
    }
}
