package dev.keel.kernel.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.keel.api.http.KeelRoute;
import dev.keel.api.security.Caller;

/**
 * Who may call a route, from its service properties {@code keel.route.public}
 * (calls anyone may make, {@code "METHOD /path"} below the plugin's prefix,
 * exact or ending {@code /*}) and {@code keel.route.roles} (any of them; none:
 * any authenticated caller). Every call not declared public needs a token.
 * An entry that is not {@code METHOD /path} is ignored, so a typo makes a call
 * stricter, never open.
 */
record RoutePolicy(List<PublicCall> publicCalls, List<String> roles) {

    /** The policy of a route without policy properties: authenticated, any role. */
    static final RoutePolicy AUTHENTICATED = new RoutePolicy(List.of(), List.of());

    /** One public call: a method and a path, or a path prefix when {@code below}. */
    record PublicCall(String method, String path, boolean below) {
        boolean matches(String m, String p) {
            if (!method.equals(m)) {
                return false;
            }
            return below ? p.equals(path) || p.startsWith(path.equals("/") ? "/" : path + "/") : p.equals(path);
        }
    }

    RoutePolicy {
        publicCalls = List.copyOf(publicCalls);
        roles = List.copyOf(roles);
    }

    /** The policy of the properties {@value KeelRoute#PUBLIC} and {@value KeelRoute#ROLES}. */
    static RoutePolicy of(Object publicCalls, Object roles) {
        List<PublicCall> calls = new ArrayList<>();
        for (String entry : strings(publicCalls)) {
            String[] parts = entry.strip().split("\\s+");
            if (parts.length != 2 || !parts[0].matches("[A-Za-z]+") || !parts[1].startsWith("/")) {
                continue;
            }
            String path = parts[1];
            boolean below = path.endsWith("/*");
            if (below) {
                path = path.substring(0, path.length() - 2);
            }
            path = trim(path);
            if (path.contains("*")) {
                continue;
            }
            calls.add(new PublicCall(parts[0].toUpperCase(Locale.ROOT), path, below));
        }
        List<String> needed = strings(roles).stream().map(String::strip).filter(r -> !r.isEmpty()).toList();
        return calls.isEmpty() && needed.isEmpty() ? AUTHENTICATED : new RoutePolicy(calls, needed);
    }

    /**
     * Whether anyone may make this call without a token.
     *
     * @param method the request's method
     * @param path the path below the plugin's prefix, e.g. {@code /users}
     */
    boolean isPublic(String method, String path) {
        if (publicCalls.isEmpty()) {
            return false;
        }
        String m = method.toUpperCase(Locale.ROOT);
        String p = trim(path);
        for (PublicCall c : publicCalls) {
            if (c.matches(m, p)) {
                return true;
            }
        }
        return false;
    }

    /** Whether an authenticated caller has a role this route needs (any, when it names none). */
    boolean allows(Caller caller) {
        return roles.isEmpty() || caller.hasAnyRole(roles.toArray(String[]::new));
    }

    private static String trim(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String[] a) {
            out.addAll(List.of(a));
        } else if (value instanceof Iterable<?> it) {
            it.forEach(v -> out.add(String.valueOf(v)));
        } else if (value instanceof String s) {
            for (String part : s.split(",")) {
                out.add(part);
            }
        }
        return out;
    }
}
