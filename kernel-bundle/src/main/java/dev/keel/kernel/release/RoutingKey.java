package dev.keel.kernel.release;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.keel.api.security.Caller;
import dev.keel.api.security.Roles;

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

    /**
     * The routing key of a request. Sticky: an authenticated caller's issuer
     * and subject (so a customer cannot pick another user's bucket); the
     * sticky header for an anonymous caller, and for a tester (who may force
     * any version anyway, and so may act as any user in tests). Forced
     * versions only for a caller with the role {@code tester}; anyone else's
     * forced routing header is ignored.
     *
     * @param stickyHeader the sticky header's value, or null
     * @param forcedHeader the forced routing header's value, or null
     */
    static RoutingKey of(Caller caller, String stickyHeader, String forcedHeader) {
        boolean tester = caller.hasRole(Roles.TESTER);
        boolean header = stickyHeader != null && !stickyHeader.isBlank();
        String sticky = caller.authenticated() && !(tester && header) ? caller.issuer() + " " + caller.subject()
                : header ? stickyHeader.trim() : null;
        Map<String, String> forced = tester ? parseForced(forcedHeader) : Map.of();
        return sticky == null && forced.isEmpty() ? NONE : new RoutingKey(sticky, forced);
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
