package dev.keel.kernel.release;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a request says about version choice: the sticky key (the user) and
 * the versions a tester forced per plugin. Kept for the request's thread, so
 * governed calls made while serving it choose by the same key.
 */
record RoutingKey(String sticky, Map<String, String> forced) {

    static final RoutingKey NONE = new RoutingKey(null, Map.of());

    RoutingKey {
        forced = Map.copyOf(forced);
    }

    /** Parses {@code payment=1.1.0, order=1.0.0}; entries without a plugin or a version are ignored. */
    static Map<String, String> parseForced(String header) {
        if (header == null || header.isBlank()) {
            return Map.of();
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String raw : header.split(",")) {
            String part = raw.trim();
            int eq = part.indexOf('=');
            if (eq > 0 && eq < part.length() - 1) {
                m.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        return m;
    }
}
