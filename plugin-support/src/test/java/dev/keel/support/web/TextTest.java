package dev.keel.support.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void controlBidiAndInvisibleCharactersAreRefusedSayingWhich() {
        assertEquals("must not contain control, bidi or invisible formatting characters (U+202E at position 4)",
                Text.forbidden("Ada\u202Egpj.exe"));
        for (String bad : List.of("A\u0000da", "\u001B[31mAda", "Ada\t", "A\nda", "\u007F", "\u0085", "\u200B",
                "\u200E", "\u2066x\u2069", "\uFEFFAda", "a\u2028b", "a\u2029b", "\uD800", "x\uDC00")) {
            assertNotNull(Text.forbidden(bad), bad);
        }
    }

    @Test
    void textOfEveryScriptStays() {
        for (String good : List.of("Ada Lovelace", "Zoë O'Brien-Łukasz", "山田太郎", "Ωμέγα",
                "\u0645\u0647\u062F\u06CC\u200C\u0632\u0627\u062F\u0647", // Persian, with a zero-width non-joiner
                "\uD83D\uDC69\u200D\uD83D\uDCBB", // woman technologist: two emoji joined by ZWJ
                "ada+tag@example.com")) {
            assertNull(Text.forbidden(good), good);
        }
    }
}
