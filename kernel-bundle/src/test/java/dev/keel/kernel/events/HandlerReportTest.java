package dev.keel.kernel.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Parsing the messages Felix EventAdmin 1.6.4 logs about handlers (formats copied from its classes). */
class HandlerReportTest {

    @Test
    void aDeniedHandlerTimedOut() {
        String message = String.format("EventAdmin: Denying event handler from ServiceReference [%s | Bundle(%s)%s] due to timeout!",
                "[org.osgi.service.event.EventHandler]", "dev.keel.itests.slow [47]", " | Handler(dev.keel.itests.SlowHandler)");
        HandlerReport r = HandlerReport.parse(message, null).orElseThrow();
        assertEquals(HandlerReport.Kind.TIMED_OUT, r.kind());
        assertEquals("dev.keel.itests.slow", r.bundle());
        assertEquals(47, r.bundleId());
        assertEquals("dev.keel.itests.SlowHandler", r.handler());
        assertEquals("timed out: EventAdmin delivers no more events to it", r.reason());
    }

    @Test
    void olderEventAdminsSayBlacklisting() {
        HandlerReport r = HandlerReport.parse("Blacklisting ServiceReference [[org.osgi.service.event.EventHandler] | "
                + "Bundle(slow [9])] due to timeout!", null).orElseThrow();
        assertEquals(HandlerReport.Kind.TIMED_OUT, r.kind());
        assertEquals("slow", r.bundle());
        assertEquals(9, r.bundleId());
        assertEquals("-", r.handler());
    }

    @Test
    void aThrowingHandlerIsNamedByTheLastBundleInTheMessage() {
        String message = String.format("EventAdmin: Exception during event dispatch [%s | %s | Bundle(%s) | Handler(%s)]",
                "org.osgi.service.event.Event [topic=a/b] {note=Bundle(fake [1])}", "[org.osgi.service.event.EventHandler]",
                "orders [31]", "dev.keel.order.internal.Listener@46286011");
        HandlerReport r = HandlerReport.parse(message, new IllegalStateException("no stock\nat line 2")).orElseThrow();
        assertEquals(HandlerReport.Kind.THREW, r.kind());
        assertEquals("orders", r.bundle());
        assertEquals(31, r.bundleId());
        assertEquals("dev.keel.order.internal.Listener", r.handler());
        assertEquals("threw IllegalStateException: no stock", r.reason());
    }

    @Test
    void otherMessagesAreNotReports() {
        assertTrue(HandlerReport.parse("plugin order 1.0.0 ACTIVE", null).isEmpty());
        assertTrue(HandlerReport.parse(null, null).isEmpty());
    }
}
