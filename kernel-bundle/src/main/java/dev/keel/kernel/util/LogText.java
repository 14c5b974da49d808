package dev.keel.kernel.util;

/**
 * User-supplied text made safe for one log line: control characters (a newline
 * that would forge a line, escape sequences that would repaint a terminal) are
 * written as {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uXXXX}, and a
 * backslash as {@code \\}, so the escaped text reads back unambiguously.
 */
public final class LogText {

    private LogText() {
    }

    /**
     * @param text any text, possibly null
     * @return the text with every control character escaped; {@code "null"} for null
     */
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\\' -> "\\\\";
                default -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                        ? String.format("\\u%04x", (int) c) : null;
            };
            if (replacement != null && b == null) {
                b = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (b != null) {
                if (replacement != null) {
                    b.append(replacement);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? text : b.toString();
    }
}
