package dev.keel.kernel.log;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Appends lines to a file and rotates it by size: before a line would make
 * {@code keel.log} larger than the limit, {@code keel.log.1} becomes
 * {@code keel.log.2} and so on, {@code keel.log} becomes {@code keel.log.1},
 * and a fresh {@code keel.log} is started; at most {@code maxFiles} files exist.
 * Used by one thread.
 */
final class RotatingFile implements Closeable {

    private final Path file;
    private final long maxBytes;
    private final int maxFiles;
    private OutputStream out;
    private long size;

    RotatingFile(Path file, long maxBytes, int maxFiles) throws IOException {
        this.file = file.toAbsolutePath();
        this.maxBytes = maxBytes;
        this.maxFiles = Math.max(1, maxFiles);
        Files.createDirectories(this.file.getParent());
        removeSurplus();
        open();
    }

    Path path() {
        return file;
    }

    void write(String line) throws IOException {
        write((CharSequence) (line + "\n"));
    }

    /** Appends text that already ends with its line break. */
    void write(CharSequence lineAndBreak) throws IOException {
        byte[] bytes = lineAndBreak.toString().getBytes(StandardCharsets.UTF_8);
        if (size > 0 && size + bytes.length > maxBytes) {
            rotate();
        }
        out.write(bytes);
        size += bytes.length;
    }

    void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private void open() throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND), 64 * 1024);
        size = Files.size(file);
    }

    private void rotate() throws IOException {
        out.close();
        if (maxFiles == 1) {
            Files.deleteIfExists(file);
        } else {
            Files.deleteIfExists(numbered(maxFiles - 1));
            for (int i = maxFiles - 2; i >= 1; i--) {
                if (Files.exists(numbered(i))) {
                    Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
    }

    /** Rotated files beyond the limit, left from a run with a higher limit. */
    private void removeSurplus() throws IOException {
        String prefix = file.getFileName() + ".";
        try (DirectoryStream<Path> files = Files.newDirectoryStream(file.getParent(), prefix + "*")) {
            for (Path p : files) {
                String suffix = p.getFileName().toString().substring(prefix.length());
                if (suffix.matches("\\d{1,9}") && Integer.parseInt(suffix) >= maxFiles) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    Path numbered(int i) {
        return file.resolveSibling(file.getFileName() + "." + i);
    }
}
