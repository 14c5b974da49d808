package dev.keel.kernel.security;

/** Owns making a caller-supplied string safe for a log line: control characters escaped, length bounded. */
final class LogText {

    private static final int MAX = 200;

    private LogText() {
    }

    /** The text with every control character as {@code \\uXXXX}, cut after 200 characters; {@code null} as is. */
    static String escape(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX) + 8);
        for (int i = 0; i < text.length() && i < MAX; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > MAX) {
            out.append("...");
        }
        return out.toString();
    }
}
