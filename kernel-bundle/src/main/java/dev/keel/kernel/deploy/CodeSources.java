package dev.keel.kernel.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Where code may be loaded from, and the artifact as read from there. A
 * location is a file in one of the allowed folders (the Keel home and below,
 * the deploy folder, folders configured in {@code keel.deploy}
 * {@code code.folders}; a relative path is relative to the Keel home;
 * symbolic links are followed before the check) or an {@code https://} URL;
 * {@code http://} only when {@code allow.http} is set; nothing else. When an
 * expected SHA-256 is given, the artifact's must match it before anything is
 * installed.
 *
 * @param home the Keel home
 * @param folders every folder code may come from (the home among them)
 * @param allowHttp whether plain {@code http://} URLs are allowed
 */
record CodeSources(Path home, List<Path> folders, boolean allowHttp) {

    /** The largest artifact read (a plugin jar is far smaller). */
    static final int MAX_BYTES = 256 * 1024 * 1024;
    private static final int TIMEOUT_MS = 30_000;

    CodeSources {
        home = home.toAbsolutePath().normalize();
        folders = List.copyOf(folders);
    }

    /** An artifact read from an allowed location: its bundle location, its bytes and their SHA-256 (hex). */
    record Artifact(String location, byte[] bytes, String sha256) {
    }

    /**
     * Checks the location against the rules, reads the artifact and checks its SHA-256.
     *
     * @param jarOrUrl a file path or a URL
     * @param expectedSha256 64 hex digits the artifact must hash to, or null for no check
     * @throws IllegalArgumentException (one line) when the location is not allowed, cannot be read or the hash differs
     */
    Artifact fetch(String jarOrUrl, String expectedSha256) {
        return fetch(jarOrUrl, expectedSha256, a -> { });
    }

    /**
     * Like {@link #fetch(String, String)}, telling {@code read} the artifact once it is read, before its
     * SHA-256 is compared (so the audit line names the location and the hash found, also on a mismatch).
     */
    Artifact fetch(String jarOrUrl, String expectedSha256, java.util.function.Consumer<Artifact> read) {
        String expected = expectedSha256 == null ? null : checkedSha256(expectedSha256);
        String location = location(jarOrUrl);
        byte[] bytes;
        try {
            bytes = read(location);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + jarOrUrl + ": " + FrameworkOperations.oneLine(e));
        }
        String sha256 = sha256(bytes);
        read.accept(new Artifact(location, bytes, sha256));
        if (expected != null && !expected.equals(sha256)) {
            throw new IllegalArgumentException("SHA-256 mismatch for " + location + ": expected " + expected
                    + ", the artifact has " + sha256 + "; nothing installed");
        }
        return new Artifact(location, bytes, sha256);
    }

    /** The bundle location of an allowed file or URL; refuses anything else. */
    String location(String jarOrUrl) {
        if (jarOrUrl == null || jarOrUrl.isBlank()) {
            throw new IllegalArgumentException("no location given: a jar file under the Keel home or an https:// URL");
        }
        URI uri = url(jarOrUrl.strip());
        if (uri == null || "file".equals(uri.getScheme())) {
            return file(jarOrUrl, uri).toUri().toString();
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") || (scheme.equals("http") && allowHttp)) {
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("not a URL with a host: " + jarOrUrl);
            }
            return uri.toString();
        }
        if (scheme.equals("http")) {
            throw new IllegalArgumentException("refused: " + jarOrUrl + " is plain http:// (code could be changed on "
                    + "the way); use https://, a jar under the Keel home, or set allow.http=true in etc/keel.deploy.cfg");
        }
        throw new IllegalArgumentException("refused: " + jarOrUrl + ": code is loaded only from a jar under the Keel "
                + "home or an https:// URL");
    }

    private Path file(String given, URI uri) {
        Path file;
        try {
            file = uri == null ? Path.of(given.strip()) : Path.of(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a file name or a URL: " + given);
        }
        file = home.resolve(file).normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + given + (Path.of(given).isAbsolute() ? ""
                    : " (a relative path is relative to the Keel home, " + home + ")"));
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + given + ": " + FrameworkOperations.oneLine(e));
        }
        for (Path folder : folders) {
            Path root = realOrSelf(folder);
            if (real.startsWith(root)) {
                return real;
            }
        }
        throw new IllegalArgumentException("refused: " + given + " is outside the Keel home (" + home + ") and the "
                + "folders code may come from; copy it under the home (e.g. deploy/) or add its folder to code.folders "
                + "in etc/keel.deploy.cfg");
    }

    private static Path realOrSelf(Path folder) {
        try {
            return folder.toAbsolutePath().normalize().toRealPath();
        } catch (IOException e) {
            return folder.toAbsolutePath().normalize();
        }
    }

    /** The URL, or null for a plain path (no scheme, or a one-letter drive such as C:). */
    private static URI url(String s) {
        try {
            URI uri = new URI(s);
            return uri.getScheme() == null || uri.getScheme().length() < 2 ? null : uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static byte[] read(String location) throws IOException {
        URLConnection connection = URI.create(location).toURL().openConnection();
        connection.setConnectTimeout(TIMEOUT_MS);
        connection.setReadTimeout(TIMEOUT_MS);
        if (connection instanceof java.net.HttpURLConnection http) {
            http.setInstanceFollowRedirects(false); // a redirect could lead from https:// to http://
        }
        try (InputStream in = connection.getInputStream()) {
            if (connection instanceof java.net.HttpURLConnection http && http.getResponseCode() != 200) {
                throw new IOException("HTTP " + http.getResponseCode() + " from " + location);
            }
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IOException("larger than " + MAX_BYTES + " bytes");
            }
            return bytes;
        }
    }

    /** The expected hash, lower case; refuses anything but 64 hex digits. */
    static String checkedSha256(String given) {
        String s = given.strip().toLowerCase(Locale.ROOT);
        if (!s.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 hex digits, not " + given.strip());
        }
        return s;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
