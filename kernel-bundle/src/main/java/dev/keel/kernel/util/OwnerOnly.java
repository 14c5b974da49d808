package dev.keel.kernel.util;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Files and folders only their owner may read: 0600 files, 0700 folders, set
 * explicitly where Keel writes secrets or data, so they do not depend on the
 * umask of whoever started the JVM ({@code bin/keel} sets 077 as well). On a
 * file system without POSIX modes it does nothing beyond creating. The bottom
 * of the kernel: it imports no other kernel package.
 */
public final class OwnerOnly {

    /** rw------- */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    /** rwx------ */
    public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnly() {
    }

    /**
     * Creates a folder and its missing parents, each folder it creates 0700,
     * and makes {@code dir} itself 0700 if it existed with wider modes.
     */
    public static Path directories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        List<Path> missing = new ArrayList<>();
        for (Path p = abs; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            if (POSIX) {
                Files.createDirectories(p, PosixFilePermissions.asFileAttribute(DIR));
            } else {
                Files.createDirectories(p);
            }
            restrict(p);
        }
        if (Files.isDirectory(abs)) {
            restrict(abs);
        }
        return dir;
    }

    /** Like {@link #directories}, for a caller that carries on without the folder: whether it worked. */
    public static boolean tryDirectories(Path dir) {
        try {
            directories(dir);
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** Sets 0700 on a folder or 0600 on a file (no symbolic link followed). */
    public static void restrict(Path path) throws IOException {
        if (POSIX && !Files.isSymbolicLink(path)) {
            Files.setPosixFilePermissions(path, Files.isDirectory(path) ? DIR : FILE);
        }
    }

    /** Creates an empty file 0600 if it does not exist, and makes it 0600 if it does. */
    public static Path file(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                if (POSIX) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
                } else {
                    Files.createFile(file);
                }
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // created meanwhile: restricted below
            }
        }
        restrict(file);
        return file;
    }

    /**
     * Replaces a file's content all at once, owner-only from the start: a 0600 temporary file in the same
     * folder, then an atomic rename over the file, so no reader ever sees it half written or open to others.
     */
    public static void replace(Path file, byte[] content) throws IOException {
        Path abs = file.toAbsolutePath();
        directories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".tmp"); // 0600 on POSIX
        try {
            Files.write(tmp, content);
            restrict(tmp);
            Files.move(tmp, abs, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
