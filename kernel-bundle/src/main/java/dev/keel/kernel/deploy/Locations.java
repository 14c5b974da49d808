package dev.keel.kernel.deploy;

import java.net.URI;
import java.nio.file.Path;

/** Bundle locations: the file a {@code file:} location names. Where code may come from is {@link CodeSources}. */
final class Locations {

    private Locations() {
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
