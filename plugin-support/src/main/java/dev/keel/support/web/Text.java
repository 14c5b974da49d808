package dev.keel.support.web;

/**
 * What a text field may hold: any Unicode text except characters that are
 * invisible or change how text around them is shown — control characters
 * (C0, DEL, C1: NUL, ESC, tab, line breaks), format characters (bidi
 * overrides and isolates such as U+202E, zero-width spaces, U+FEFF), line and
 * paragraph separators, and unpaired surrogates. The zero-width joiner and
 * non-joiner (U+200D, U+200C) stay allowed: names in Persian, Indic scripts
 * and emoji need them.
 */
public final class Text {

    private Text() {
    }

    /** The first character {@code s} must not hold, as a message, or {@code null} when it holds none. */
    public static String forbidden(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!allowed(cp)) {
                return "must not contain control, bidi or invisible formatting characters (U+"
                        + String.format("%04X", cp) + " at position " + (i + 1) + ")";
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    /** Whether the code point may stand in a text field. */
    static boolean allowed(int cp) {
        if (cp == 0x200C || cp == 0x200D) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> false;
            default -> true;
        };
    }
}
