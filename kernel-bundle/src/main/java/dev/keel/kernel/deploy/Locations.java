package dev.keel.kernel.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a bundle comes from: a file (relative to the Keel home) or a URL, as a bundle location. */
final class Locations {

    private Locations() {
    }

    /** A file path (relative to the Keel home) becomes a file: URI; anything else must be a URL. */
    static String location(String jarOrUrl) {
        URI uri = url(jarOrUrl);
        if (uri != null && !"file".equals(uri.getScheme())) {
            return uri.toString();
        }
        Path file;
        try {
            file = uri == null ? Path.of(jarOrUrl) : Path.of(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a file name or a URL: " + jarOrUrl);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + jarOrUrl + (file.isAbsolute() ? ""
                    : " (a relative path is relative to the Keel home, " + Path.of("").toAbsolutePath() + ")"));
        }
        return file.toAbsolutePath().normalize().toUri().toString();
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

    static InputStream open(String jarOrUrl) throws IOException {
        try {
            return new URL(location(jarOrUrl)).openStream();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a URL: " + jarOrUrl);
        }
    }

    /** The file of a file: location (absolute), or null for any other location. */
    static Path fileOf(String location) {
        try {
            URI uri = URI.create(location);
            return "file".equals(uri.getScheme()) ? Path.of(uri).toAbsolutePath().normalize() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
