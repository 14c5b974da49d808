package dev.keel.kernel.admin;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a request to {@code /admin} is addressed to this server and comes
 * from its own origin: the {@code Host} must be this server (the address the
 * connection came in on, {@code localhost}, or a name configured in
 * {@code keel.admin} {@code allowed.hosts}, e.g. a reverse proxy's public
 * name), so a page of a foreign name resolving to this machine (DNS
 * rebinding) is refused; an {@code Origin}, when a browser sends one, must
 * name that same host and port, so a foreign page's request (CSRF) is refused.
 */
final class SameOrigin {

    private SameOrigin() {
    }

    /**
     * @param host the {@code Host} header
     * @param origin the {@code Origin} header, or null
     * @param localAddress the address the connection came in on (a literal)
     * @param localPort the port it came in on
     * @param scheme the request's scheme ({@code http}, {@code https})
     * @param allowedHosts configured names, lower case, with or without {@code :port}
     * @return why the request is refused, or null when it may go on
     */
    static String refusal(String host, String origin, String localAddress, int localPort, String scheme,
            Set<String> allowedHosts) {
        if (host == null || host.isBlank()) {
            return "a request to /admin must name this server in its Host header";
        }
        Authority h = Authority.parse(host.strip(), scheme);
        if (h == null) {
            return "the Host header is not a host name";
        }
        boolean configured = allowedHosts.contains(h.name()) || allowedHosts.contains(h.name() + ":" + h.port());
        boolean own = h.name().equals("localhost") || sameAddress(h.name(), localAddress);
        if (!configured && !(own && h.port() == localPort)) {
            return "the Host header names " + h.name() + ":" + h.port() + ", not this server (add the name a proxy "
                    + "uses to allowed.hosts in etc/keel.admin.cfg)";
        }
        if (origin == null) {
            return null; // not a browser's cross-origin request: curl, scripts
        }
        Authority o = null;
        String originScheme = null;
        try {
            URI uri = new URI(origin.strip());
            if (uri.getScheme() != null && uri.getRawAuthority() != null) {
                originScheme = uri.getScheme().toLowerCase(Locale.ROOT);
                o = Authority.parse(uri.getRawAuthority(), originScheme);
            }
        } catch (URISyntaxException e) {
            o = null;
        }
        // behind a proxy (a configured name) that ends TLS, the page is https:// and the request to Keel http://:
        // the name is what must match there
        boolean same = o != null && (configured ? o.name().equals(h.name())
                : o.equals(h) && scheme.equals(originScheme));
        if (!same) {
            return "cross-origin request refused: Origin " + origin.strip() + " is not this server's";
        }
        return null;
    }

    /** A host name (lower case, brackets of an IPv6 literal removed) and a port (the scheme's default if none). */
    record Authority(String name, int port) {

        static Authority parse(String authority, String scheme) {
            String a = authority.toLowerCase(Locale.ROOT);
            if (a.contains("@") || a.isEmpty()) {
                return null;
            }
            int defaultPort = "https".equals(scheme) ? 443 : 80;
            String name;
            String port = null;
            if (a.startsWith("[")) {
                int end = a.indexOf(']');
                if (end < 0) {
                    return null;
                }
                name = a.substring(1, end);
                if (a.length() > end + 1) {
                    if (a.charAt(end + 1) != ':') {
                        return null;
                    }
                    port = a.substring(end + 2);
                }
            } else {
                int colon = a.lastIndexOf(':');
                name = colon < 0 ? a : a.substring(0, colon);
                port = colon < 0 ? null : a.substring(colon + 1);
            }
            if (name.isEmpty() || !name.matches("[a-z0-9.:%_-]+")) {
                return null;
            }
            if (port == null) {
                return new Authority(name, defaultPort);
            }
            if (!port.matches("\\d{1,5}")) {
                return null;
            }
            return new Authority(name, Integer.parseInt(port));
        }
    }

    /** Whether a host name is an IP literal for the same address as {@code local} (no name is ever looked up). */
    static boolean sameAddress(String name, String local) {
        if (local == null || !isLiteral(name)) {
            return false;
        }
        String l = local.startsWith("[") && local.endsWith("]") ? local.substring(1, local.length() - 1) : local;
        if (!isLiteral(l)) {
            return false;
        }
        try {
            return InetAddress.getByName(name).equals(InetAddress.getByName(l));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isLiteral(String s) {
        return s.matches("[0-9.]+") && s.chars().filter(c -> c == '.').count() == 3 || s.contains(":")
                && s.matches("[0-9a-f:.%]+");
    }
}
