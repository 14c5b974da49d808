package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.Test;

import dev.keel.itests.KeelProcess.Result;

/**
 * What Keel writes that holds secrets or data is its owner's only: every file
 * under {@code data/} (database, logs, SSH and signing keys, framework cache,
 * class archive) 0600 or tighter, every folder 0700, and the shipped secrets
 * {@code etc/keel.users} and {@code etc/keel.storage.cfg} 0600 — as shipped,
 * after a start and after a stop.
 */
public class FileModesDistributionIT {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    @Test
    public void dataAndTheSecretsInEtcAreOwnerOnlyAfterAStartAndAStop() throws Exception {
        try (KeelProcess keel = KeelProcess.copyOfDistribution()) {
            assertSecretsOwnerOnly(keel.home(), "as shipped");

            Result start = keel.command("start");
            assertEquals(start.toString(), 0, start.exit());
            assertEquals(200, keel.status("/health/live"));
            for (String written : List.of("data/db", "data/log/keel.log", "data/ssh", "data/cache")) {
                assertTrue(written + " was written", Files.exists(keel.home().resolve(written)));
            }
            assertOwnerOnly(keel.home().resolve("data"), "running");
            assertSecretsOwnerOnly(keel.home(), "running");

            Result stop = keel.command("stop");
            assertEquals(stop.toString(), 0, stop.exit());
            assertOwnerOnly(keel.home().resolve("data"), "stopped");
            assertSecretsOwnerOnly(keel.home(), "stopped");
        }
    }

    private static void assertSecretsOwnerOnly(Path home, String when) throws IOException {
        for (String secret : List.of("etc/keel.users", "etc/keel.storage.cfg")) {
            assertEquals(secret + " " + when, "rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(home.resolve(secret), LinkOption.NOFOLLOW_LINKS)));
        }
    }

    /** Every file and folder below {@code dir} (and itself) without a group or others bit; folders 0700. */
    private static void assertOwnerOnly(Path dir, String when) throws IOException {
        List<String> wide = new ArrayList<>();
        int seen;
        try (Stream<Path> all = Files.walk(dir)) {
            List<Path> paths = all.toList();
            seen = paths.size();
            for (Path p : paths) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                Set<PosixFilePermission> modes;
                try {
                    modes = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                } catch (java.nio.file.NoSuchFileException gone) {
                    // renamed while we walked (e.g. bin/keel moving the class archive's .tmp into place after
                    // the JVM exited): a file that is gone is open to nobody
                    continue;
                }
                boolean open = modes.stream().anyMatch(OTHERS::contains);
                boolean folderNot700 = Files.isDirectory(p) && !PosixFilePermissions.toString(modes).equals("rwx------");
                if (open || folderNot700) {
                    wide.add(dir.getParent().relativize(p) + " " + PosixFilePermissions.toString(modes));
                }
            }
        }
        assertTrue("files and folders of data/ open to others (" + when + "): " + wide, wide.isEmpty());
        assertTrue("data/ holds the database, logs, keys and cache (" + when + "): " + seen, seen > 20);
    }
}
