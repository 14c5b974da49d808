package dev.keel.kernel.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Opens an embedded H2 file that was not closed cleanly (a crash, {@code kill -9}) with a full scan before H2
 * opens it, so no acknowledged commit is lost to H2's quick recovery.
 *
 * <p>H2 2.x (2.5.252 and the current sources, {@code RandomAccessStore.writeChunk}) writes its store header
 * when a chunk does not land where the previous chunk predicted the next one, but it writes it before it
 * makes the new chunk its last one ({@code FileStore.storeBuffer}), so the header names the previous chunk,
 * whose prediction is wrong. After a crash H2 starts from the header and follows the predictions: it stops
 * at that chunk and opens the store there, without every chunk written after it until the next header: the
 * last commits, acknowledged (with {@code WRITE_DELAY=0}) and on disk, are gone. It happens once chunks go
 * into reused space (after H2's retention time of 45 s under writes): a crash run here lost the last 15 of
 * 1,257 acknowledged transactions (H2 opened version 451, the file held 459), as {@code CrashDistributionIT}
 * lost the last registration before its kill. H2's MVStore recovery mode scans every chunk of the file
 * instead and opens the newest complete one; closing it writes a header that names it, and H2 then opens
 * the database from there.
 *
 * <p>Run before the kernel's pool opens the database (nothing else has it open); MVStore is reached through
 * the H2 bundle's class loader by reflection (the kernel does not import H2).
 */
final class EmbeddedH2Recovery {

    private EmbeddedH2Recovery() {
    }

    /**
     * Scans and re-closes {@code <db>.mv.db} when it exists and its header does not say it was closed cleanly.
     *
     * @return whether it scanned
     */
    static boolean recover(Path mvFile, ClassLoader h2, Consumer<String> log) {
        if (!Files.isRegularFile(mvFile) || closedCleanly(mvFile)) {
            return false;
        }
        try {
            Class<?> builderType = Class.forName("org.h2.mvstore.MVStore$Builder", true, h2);
            Object builder = builderType.getConstructor().newInstance();
            builderType.getMethod("fileName", String.class).invoke(builder, mvFile.toString());
            builderType.getMethod("recoveryMode").invoke(builder);
            builderType.getMethod("autoCommitDisabled").invoke(builder); // no background writer meanwhile
            Object store = builderType.getMethod("open").invoke(builder);
            long version = (Long) store.getClass().getMethod("getCurrentVersion").invoke(store);
            store.getClass().getMethod("close").invoke(store); // a clean header naming the newest chunk
            log.accept("recovered " + mvFile.getFileName() + " after an unclean stop by a full scan (version "
                    + version + ")");
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            log.accept("could not scan " + mvFile + " after an unclean stop (" + cause + "); H2 opens it itself");
            return false;
        }
    }

    /** Whether the store header (the file's first block, text) carries H2's clean-shutdown mark. */
    static boolean closedCleanly(Path mvFile) {
        byte[] block = new byte[4096];
        try (InputStream in = Files.newInputStream(mvFile)) {
            int n = in.readNBytes(block, 0, block.length);
            String header = new String(block, 0, n, StandardCharsets.ISO_8859_1);
            int end = header.indexOf('\n');
            return (end < 0 ? header : header.substring(0, end)).matches("(^|.*,)clean:1(,.*|$)");
        } catch (IOException e) {
            return false;
        }
    }
}
