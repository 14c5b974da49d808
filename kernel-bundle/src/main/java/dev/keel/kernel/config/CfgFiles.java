package dev.keel.kernel.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.keel.kernel.util.OwnerOnly;

/**
 * Reads and writes {@code .cfg} files whole: a write goes to a temporary file
 * in the same folder (0600, or the modes of the file it replaces), forced to
 * disk, then renamed over the file in one step, so a reader (FileInstall's
 * poll among them) sees the old file or the new one, never half of one. The
 * new file also gets a modification time other than the old one's, because
 * FileInstall tells a changed file by its name and modification time.
 */
public final class CfgFiles {

    /** What a PID may be made of: it names a file in {@code etc/}, so no path separators and no leading dot. */
    private static final Pattern PID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    /** The encoding FileInstall reads {@code .cfg} files in ({@code felix.fileinstall.configEncoding} unset). */
    static final java.nio.charset.Charset ENCODING = StandardCharsets.ISO_8859_1;

    private CfgFiles() {
    }

    /**
     * Checks a PID that came from a user (shell, /admin).
     *
     * @throws IllegalArgumentException naming what is allowed
     */
    public static String checkPid(String pid) {
        if (pid == null || pid.length() > 200 || !PID.matcher(pid).matches()) {
            throw new IllegalArgumentException("not a valid PID: " + printable(pid)
                    + " (letters, digits, '.', '_' and '-' only, not starting with '.'; it names a file in etc/)");
        }
        return pid;
    }

    /** The file of a PID in {@code etc}, checked to be inside it. */
    public static Path fileOf(Path etc, String pid) {
        Path dir = etc.toAbsolutePath().normalize();
        Path file = dir.resolve(checkPid(pid) + ".cfg").normalize();
        if (!dir.equals(file.getParent())) {
            throw new IllegalArgumentException("not a valid PID: " + printable(pid) + " (outside " + etc + ")");
        }
        return file;
    }

    /** A file's text, or empty when it does not exist (or vanished while read). */
    public static Optional<String> read(Path file) throws IOException {
        try {
            return Optional.of(Files.readString(file, ENCODING));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Replaces (or creates) {@code target} with {@code text} in one step. */
    public static void write(Path target, String text) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (!Files.isDirectory(dir)) {
            OwnerOnly.directories(dir);
        }
        FileTime before = Files.exists(abs) ? Files.getLastModifiedTime(abs) : null;
        // createTempFile makes the file 0600 on POSIX file systems
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ENCODING.encode(text));
                ch.force(true);
            }
            PosixFileAttributeView modes = Files.getFileAttributeView(abs, PosixFileAttributeView.class);
            if (before != null && modes != null) {
                Files.setPosixFilePermissions(tmp, modes.readAttributes().permissions());
            }
            if (before != null && !Files.getLastModifiedTime(tmp).toInstant().isAfter(before.toInstant())) {
                Files.setLastModifiedTime(tmp, FileTime.fromMillis(before.toMillis() + 1));
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A user-supplied string fit for one line of a message or log: control characters escaped. */
    static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
