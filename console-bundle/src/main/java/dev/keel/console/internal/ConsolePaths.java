package dev.keel.console.internal;

import java.util.regex.Pattern;

/** Which file of the console a request path names: the single page for {@code /}, or an asset. */
final class ConsolePaths {

    /** Names Vite writes: {@code assets/index-Dh1_x7.js}; nothing else below the root is served. */
    private static final Pattern ASSET = Pattern.compile("assets/[A-Za-z0-9_.-]+\\.(js|css|svg|png|woff2)");

    private ConsolePaths() {
    }

    /**
     * @param pathInfo the path below {@code /console}, starting with {@code /}
     * @return the file below the console's root, or null when there is none to serve
     */
    static String file(String pathInfo) {
        String p = pathInfo.startsWith("/") ? pathInfo.substring(1) : pathInfo;
        if (p.isEmpty() || p.equals("index.html")) {
            return "index.html";
        }
        if (p.contains("..") || !ASSET.matcher(p).matches()) {
            return null;
        }
        return p;
    }
}
