package dev.keel.kernel.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;

class HealthServletTest {

    private static PluginStatus status(String name, PluginState state, String failure) {
        return new PluginStatus(name, "1.0.0", 7, "file:x.jar", 10, List.of(), state, null, List.of(), failure);
    }

    private static Map<String, Object> health(List<PluginStatus> plugins, List<String> pending) {
        return HealthServlet.health(Readiness.evaluate(plugins, Set.of(),
                Checks.all(Checks.failing("startup", pending.stream().map(Checks::pending)
                        .toArray(ReadinessCheck.Part[]::new)))));
    }

    @Test
    void upWhenEveryPluginIsActive() {
        Map<String, Object> body = health(List.of(status("user", PluginState.ACTIVE, null)), List.of());

        assertEquals("UP", body.get("status"));
        assertEquals(List.of(Map.of("name", "user", "version", "1.0.0", "state", "ACTIVE", "bundleId", 7L)),
                body.get("plugins"));
        assertFalse(body.containsKey("failing"));
    }

    @Test
    void downWithTheFailureWhenOneIsNot() {
        Map<String, Object> body = health(List.of(status("user", PluginState.ACTIVE, null),
                status("payment", PluginState.FAILED, "boom")), List.of());

        assertEquals("DOWN", body.get("status"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> plugins = (List<Map<String, Object>>) body.get("plugins");
        assertEquals("boom", plugins.get(1).get("failure"));
    }

    @Test
    void downWhileStartUpIsPendingEvenWithNoPluginYet() {
        Map<String, Object> body = health(List.of(), List.of("deploy/payment.jar: not installed yet"));

        assertEquals("DOWN", body.get("status"));
        assertEquals(List.of("deploy/payment.jar: not installed yet"), body.get("pending"));
    }

    @Test
    void downWhileARouteOfAnActivePluginIsMissingWithThatPartListed() {
        ReadinessCheck.Part route = new ReadinessCheck.Part("route", "user /users", "not registered yet", true);
        Map<String, Object> body = HealthServlet.health(Readiness.evaluate(
                List.of(status("user", PluginState.ACTIVE, null)), Set.of(), Checks.all(Checks.failing("routes", route))));

        assertEquals("DOWN", body.get("status"));
        assertEquals(List.of(Map.of("kind", "route", "name", "user /users", "reason", "not registered yet")),
                body.get("failing"));
    }
}
