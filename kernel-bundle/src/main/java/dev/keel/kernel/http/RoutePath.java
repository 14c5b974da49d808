package dev.keel.kernel.http;

/**
 * Owns path matching for plugin routes: a route {@code /orders} matches
 * {@code /orders} and every path below it ({@code /orders/}, {@code /orders/7}),
 * never {@code /ordersx}; the route {@code /} matches everything.
 */
final class RoutePath {

    private RoutePath() {
    }

    /**
     * A route as a plugin wrote it, made canonical: a leading {@code /}, no
     * trailing {@code /} (except the root), no {@code /*} suffix.
     *
     * @return the route, or {@code null} when it is not usable
     */
    static String normalize(Object raw) {
        if (raw == null) {
            return null;
        }
        String route = (raw instanceof String[] a ? (a.length == 0 ? "" : a[0]) : raw.toString()).trim();
        if (route.endsWith("/*")) {
            route = route.substring(0, route.length() - 2);
        }
        if (!route.startsWith("/")) {
            route = "/" + route;
        }
        while (route.length() > 1 && route.endsWith("/")) {
            route = route.substring(0, route.length() - 1);
        }
        if (route.contains("*") || route.contains("?") || route.contains("#") || route.contains("//")) {
            return null;
        }
        return route;
    }

    /** Whether {@code route} serves {@code path} (both starting with {@code /}). */
    static boolean matches(String route, String path) {
        if (route.equals("/")) {
            return true;
        }
        return path.startsWith(route) && (path.length() == route.length() || path.charAt(route.length()) == '/');
    }

    /** The part of {@code path} below {@code route}, as the servlet's path info; {@code null} when none. */
    static String pathInfo(String route, String path) {
        String rest = route.equals("/") ? path : path.substring(route.length());
        return rest.isEmpty() ? null : rest;
    }

    /**
     * Splits the path below {@code /api} into the plugin name and the rest.
     *
     * @param apiPath e.g. {@code /order/orders/7}
     * @return {@code {"order", "/orders/7"}}; the rest is {@code /} when empty;
     *         {@code null} when there is no plugin name
     */
    static String[] split(String apiPath) {
        if (apiPath == null || apiPath.length() < 2 || apiPath.charAt(0) != '/') {
            return null;
        }
        int slash = apiPath.indexOf('/', 1);
        String plugin = slash < 0 ? apiPath.substring(1) : apiPath.substring(1, slash);
        String rest = slash < 0 ? "/" : apiPath.substring(slash);
        return plugin.isEmpty() ? null : new String[] {plugin, rest};
    }
}
