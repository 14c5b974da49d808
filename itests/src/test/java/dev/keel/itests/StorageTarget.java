package dev.keel.itests;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.service.cm.Configuration;

/**
 * The database a storage test runs on and what differs between databases: the
 * pool's URL, the driver bundle, an error message, and the {@code keel.storage}
 * settings that select it (none: the embedded H2).
 */
public record StorageTarget(String urlPrefix, String driverBundle, String missingTableError,
        Map<String, Object> storage) {

    /** The distribution's default. */
    public static final StorageTarget H2 = new StorageTarget("jdbc:h2:file:", "com.h2database",
            "Table \"NO_SUCH_TABLE\" not found", Map.of());

    /** PostgreSQL at {@code url}, user {@code user} (trust authentication). */
    public static StorageTarget postgres(String url, String user) {
        return new StorageTarget(url, "org.postgresql.jdbc", "ERROR: relation \"no_such_table\" does not exist",
                Map.of("url", url, "user", user, "password", ""));
    }

    /** Puts {@code keel.storage} back to this target's settings after a test changed it. */
    public void restore(Configuration cfg) throws IOException {
        if (storage.isEmpty()) {
            cfg.delete();
        } else {
            cfg.update(new Hashtable<>(storage));
        }
    }
}
