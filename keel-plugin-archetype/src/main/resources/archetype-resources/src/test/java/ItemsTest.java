package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keel.api.http.FieldError;

/** A unit test: the plugin's rules, without Keel. */
class ItemsTest {

    @Test
    void aValidItemHasNoErrors() {
        assertTrue(Items.check("bolt", 10, 1000).isEmpty());
    }

    @Test
    void namesEachWrongField() {
        List<FieldError> errors = Items.check(" ", 1001, 1000);
        assertEquals(List.of(new FieldError("name", "is missing"),
                new FieldError("quantity", "must be between 0 and 1000")), errors);
        assertEquals(List.of(new FieldError("quantity", "is missing")), Items.check("nut", null, 5));
    }

    @Test
    void summarises() {
        assertEquals("1 item", Items.summary(1));
        assertEquals("3 items", Items.summary(3));
    }
}
