package dev.keel.kernel.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.osgi.service.log.LogLevel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class JsonLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant TIME = Instant.parse("2026-11-25T08:09:31.123Z");

    @Test
    void aPluginRecordNamesThePluginAndItsVersion() throws Exception {
        LogRecord r = new LogRecord(TIME, LogLevel.INFO, "dev.keel.payment-bundle", "0.1.0.202611250522", "payment",
                "1.0.0", "dev.keel.payment.internal.PaymentPlugin", "keel-plugin-3", "charged order 7", null);
        String line = JsonLine.format(r);
        JsonNode json = JSON.readTree(line);

        assertEquals("2026-11-25T08:09:31.123Z", json.get("time").asText());
        assertEquals("INFO", json.get("level").asText());
        assertEquals("payment", json.get("plugin").asText());
        assertEquals("1.0.0", json.get("version").asText());
        assertEquals("dev.keel.payment-bundle", json.get("bundle").asText());
        assertEquals("dev.keel.payment.internal.PaymentPlugin", json.get("logger").asText());
        assertEquals("keel-plugin-3", json.get("thread").asText());
        assertEquals("charged order 7", json.get("message").asText());
        assertFalse(json.has("exception"));
    }

    @Test
    void anyOtherBundleIsNamedWithItsOwnVersion() throws Exception {
        LogRecord r = new LogRecord(TIME, LogLevel.WARN, "org.apache.felix.scr", "2.2.18", null, null, "scr",
                "main", "careful", null);
        JsonNode json = JSON.readTree(JsonLine.format(r));
        assertFalse(json.has("plugin"));
        assertEquals("org.apache.felix.scr", json.get("bundle").asText());
        assertEquals("2.2.18", json.get("version").asText());
    }

    @Test
    void oneLineEvenWithLineBreaksQuotesAndAFullStackTrace() throws Exception {
        IllegalStateException failure = new IllegalStateException("cannot reach \"fraud\"\nservice",
                new java.io.IOException("refused"));
        LogRecord r = new LogRecord(TIME, LogLevel.ERROR, "b", "1.0.0", null, null, "l", "t",
                "two\nlines \"quoted\" \\ tab\t", failure);
        String line = JsonLine.format(r);

        assertFalse(line.contains("\n"), line);
        JsonNode json = JSON.readTree(line);
        assertEquals("two\nlines \"quoted\" \\ tab\t", json.get("message").asText());
        String stack = json.get("exception").asText();
        assertTrue(stack.startsWith("java.lang.IllegalStateException: cannot reach \"fraud\"\nservice"), stack);
        assertTrue(stack.contains("\tat dev.keel.kernel.log.JsonLineTest."), stack);
        assertTrue(stack.contains("Caused by: java.io.IOException: refused"), stack);
    }

    @Test
    void theHumanFormIsShort() {
        LogRecord r = new LogRecord(TIME, LogLevel.ERROR, "dev.keel.payment-bundle", "1", "payment", "1.0.0", "l",
                "t", "charge failed", new IllegalStateException("card declined\nmore"));
        assertTrue(r.human().endsWith("ERROR [payment] charge failed (IllegalStateException: card declined)"),
                r.human());
    }
}
