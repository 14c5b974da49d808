package dev.keel.webconsole.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses requests to {@code /system/console} that may change something and come from another origin: the Web
 * Console's own actions (install, start, stop, uninstall, configuration) are form and script {@code POST}s with no
 * token of their own, and a browser sends cached Basic credentials with a foreign page's request too (CSRF). A
 * browser names the page's origin in {@code Origin} (or at least {@code Referer}, and {@code Sec-Fetch-Site}); it must
 * be this server as the {@code Host} header names it. A request with neither is not a browser's (curl, scripts).
 */
final class SameOriginCheck {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private SameOriginCheck() {
    }

    /**
     * @param method the request's method
     * @param host the {@code Host} header
     * @param origin the {@code Origin} header, or null
     * @param referer the {@code Referer} header, or null
     * @param fetchSite the {@code Sec-Fetch-Site} header, or null
     * @return why the request is refused, or null when it may go on
     */
    static String refusal(String method, String host, String origin, String referer, String fetchSite) {
        if (SAFE.contains(method.toUpperCase(Locale.ROOT))) {
            return null;
        }
        if (fetchSite != null && !fetchSite.equalsIgnoreCase("same-origin") && !fetchSite.equalsIgnoreCase("none")) {
            return "cross-origin request refused (Sec-Fetch-Site: " + fetchSite.strip() + ")";
        }
        String source = origin != null ? origin : referer;
        if (source == null) {
            return null;
        }
        String own = host == null ? null : authority(host.strip(), null);
        String theirs = null;
        try {
            URI uri = new URI(source.strip());
            if (uri.getScheme() != null && uri.getRawAuthority() != null) {
                theirs = authority(uri.getRawAuthority(), uri.getScheme().toLowerCase(Locale.ROOT));
            }
        } catch (URISyntaxException e) {
            theirs = null;
        }
        if (own == null || !own.equals(theirs)) {
            return "cross-origin request refused: " + (origin != null ? "Origin " : "Referer ") + source.strip()
                    + " is not this server's";
        }
        return null;
    }

    /** {@code host[:port]} in lower case, without the scheme's default port; null when it has user info. */
    static String authority(String authority, String scheme) {
        String a = authority.toLowerCase(Locale.ROOT);
        if (a.isEmpty() || a.contains("@")) {
            return null;
        }
        if (("http".equals(scheme) || scheme == null) && a.endsWith(":80")
                || ("https".equals(scheme) || scheme == null) && a.endsWith(":443")) {
            return a.substring(0, a.lastIndexOf(':'));
        }
        return a;
    }
}
