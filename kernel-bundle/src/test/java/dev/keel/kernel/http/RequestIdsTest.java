package dev.keel.kernel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void commonIdFormatsAreKept() {
        for (String id : new String[] {"3f2a1c9e-0d4b-4c8e-9a57-1b2c3d4e5f60", "req-42", "Root=1-67891233-abcdef012345678912345678",
                "a.b_c:d/e+f=", "x"}) {
            assertTrue(RequestIds.valid(id), id);
            assertEquals(id, RequestIds.accept(id));
        }
    }

    @Test
    void idsThatCouldBreakALogLineOrAHeaderAreReplaced() {
        String tooLong = "a".repeat(RequestIds.MAX_LENGTH + 1);
        for (String id : new String[] {null, "", "has space", "quote\"d", "new\nline", "tab\t", "<script>", "ü", tooLong}) {
            assertFalse(RequestIds.valid(id), String.valueOf(id));
            String replacement = RequestIds.accept(id);
            assertTrue(RequestIds.valid(replacement));
            assertNotEquals(id, replacement);
        }
        assertTrue(RequestIds.valid("a".repeat(RequestIds.MAX_LENGTH)));
    }

    @Test
    void generatedIdsAreUniqueUuids() {
        String a = RequestIds.generate();
        String b = RequestIds.generate();
        assertNotEquals(a, b);
        assertTrue(a.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), a);
    }

    @Test
    void generatedIdsAreVersion4IetfVariantUuids() {
        for (int i = 0; i < 1000; i++) {
            java.util.UUID id = java.util.UUID.fromString(RequestIds.generate());
            assertTrue(id.version() == 4 && id.variant() == 2, id::toString);
        }
    }
}
