package dev.keel.kernel.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class EventCodecTest {

    @Test
    void propertiesComeBackWithTheirTypes() {
        Map<String, Object> props = Map.of("orderId", "o-1", "total", 2500L, "n", 3, "rate", 0.5, "paid", true,
                "odd = name", "line\nbreak \\ and = sign");
        Map<String, Object> back = EventCodec.decode(EventCodec.encode(props));
        assertEquals(props, back);
        assertEquals(Long.class, back.get("total").getClass());
        assertEquals(Integer.class, back.get("n").getClass());
    }

    @Test
    void theSameEventHasTheSameIdAndAnotherOneAnother() {
        Map<String, Object> placed = EventCodec.properties(new Event("keel/order/PLACED", Map.of("orderId", "o-1",
                "total", 2500L)));
        assertFalse(placed.containsKey("event.topics"), "EventAdmin's own property is not kept");
        String id = EventCodec.id("keel/order/PLACED", placed);
        assertEquals(id, EventCodec.id("keel/order/PLACED", Map.of("total", 2500L, "orderId", "o-1")));
        assertNotEquals(id, EventCodec.id("keel/order/PAID", placed));
        assertNotEquals(id, EventCodec.id("keel/order/PLACED", Map.of("orderId", "o-2", "total", 2500L)));
    }

    @Test
    void anIdTheEventCarriesIsItsId() {
        assertEquals("e-42", EventCodec.id("t", Map.of(EventCodec.ID, "e-42", "x", 1)));
        assertEquals(64, EventCodec.id("t", Map.of(EventCodec.ID, "e".repeat(300))).length());
    }
}
