package dev.keel.kernel.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;

class HealthServletTest {

    private static PluginStatus status(String name, PluginState state, String failure) {
        return new PluginStatus(name, "1.0.0", 7, "file:x.jar", 10, List.of(), state, null, List.of(), failure);
    }

    @Test
    void upWhenEveryPluginIsActive() {
        Map<String, Object> body = HealthServlet.health(List.of(status("user", PluginState.ACTIVE, null)), List.of());

        assertEquals("UP", body.get("status"));
        assertEquals(List.of(Map.of("name", "user", "version", "1.0.0", "state", "ACTIVE", "bundleId", 7L)),
                body.get("plugins"));
    }

    @Test
    void downWithTheFailureWhenOneIsNot() {
        Map<String, Object> body = HealthServlet.health(List.of(status("user", PluginState.ACTIVE, null),
                status("payment", PluginState.FAILED, "boom")), List.of());

        assertEquals("DOWN", body.get("status"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> plugins = (List<Map<String, Object>>) body.get("plugins");
        assertEquals("boom", plugins.get(1).get("failure"));
    }

    @Test
    void downWhileStartUpIsPendingEvenWithNoPluginYet() {
        Map<String, Object> body = HealthServlet.health(List.of(), List.of("deploy/payment.jar: not installed yet"));

        assertEquals("DOWN", body.get("status"));
        assertEquals(List.of("deploy/payment.jar: not installed yet"), body.get("pending"));
    }
}
