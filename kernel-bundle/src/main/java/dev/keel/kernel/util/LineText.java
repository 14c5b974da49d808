package dev.keel.kernel.util;

/**
 * Escapes a key or value of a {@code key=value} line text (the shared event log's events, the cluster's release
 * states): backslash, newline and {@code =} ({@code \e}), so each entry stays on one line and splits at its first
 * {@code =}. Imports no kernel package.
 */
public final class LineText {

    private LineText() {
    }

    public static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("=", "\\e");
    }

    public static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(n == 'n' ? '\n' : n == 'e' ? '=' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
