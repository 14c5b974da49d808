package dev.keel.kernel.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.governance.BreakersCheck;
import dev.keel.kernel.governance.Governor;

class ProbeServletTest {

    private static PluginStatus plugin(String name, PluginState state) {
        return new PluginStatus(name, "1.0.0", 7, "file:x.jar", 10, List.of(), state, null, List.of(), null);
    }

    private static Governor.BreakerView breaker(String plugin, String state) {
        return new Governor.BreakerView(plugin, "1.0.0", state, 80f, 10, 8, 3, Instant.now(), "CLOSED -> OPEN");
    }

    /** The readiness body with the real plugins and breaker rules, every other check holding. */
    private static Map<String, Object> readiness(List<PluginStatus> plugins, List<Governor.BreakerView> breakers,
            Set<String> required) {
        return ProbeServlet.readiness(Readiness.evaluate(plugins, required,
                Checks.all(Checks.check("breakers", scope -> BreakersCheck.failing(scope, breakers)))));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> failing(Map<String, Object> body) {
        return (List<Map<String, Object>>) body.get("failing");
    }

    @Test
    void readyWhenEveryPluginIsActiveAndNoBreakerIsOpen() {
        Map<String, Object> body = readiness(List.of(plugin("user", PluginState.ACTIVE),
                plugin("payment", PluginState.ACTIVE)), List.of(breaker("payment", "HALF_OPEN")), Set.of());
        assertEquals("UP", body.get("status"));
        assertEquals(List.of(), failing(body));
    }

    @Test
    void aStoppedPluginOrAnOpenBreakerIsAFailingPartWithItsReason() {
        Map<String, Object> body = readiness(List.of(plugin("user", PluginState.STOPPED),
                plugin("payment", PluginState.ACTIVE)), List.of(breaker("payment", "OPEN")), Set.of());
        assertEquals("DOWN", body.get("status"));
        assertEquals(2, failing(body).size());
        assertEquals(Map.of("kind", "plugin", "name", "user", "reason", "1.0.0 is STOPPED"), failing(body).get(0));
        assertEquals("breaker", failing(body).get(1).get("kind"));
        assertEquals("payment 1.0.0", failing(body).get(1).get("name"));
    }

    @Test
    void theOpenBreakerOfAVersionNoLongerInstalledDoesNotCount() {
        Governor.BreakerView old = new Governor.BreakerView("payment", "0.9.0", "OPEN", 100f, 10, 10, 0,
                Instant.now(), "CLOSED -> OPEN");
        Map<String, Object> body = readiness(List.of(plugin("payment", PluginState.ACTIVE)),
                List.of(old), Set.of());
        assertEquals("UP", body.get("status"));
    }

    @Test
    void onlyRequiredPluginsCountWhenSomeAreNamed() {
        Map<String, Object> body = readiness(List.of(plugin("user", PluginState.FAILED),
                plugin("payment", PluginState.ACTIVE)), List.of(), Set.of("payment", "order"));
        assertEquals("DOWN", body.get("status"));
        assertEquals(List.of(Map.of("kind", "plugin", "name", "order", "reason", "not installed")), failing(body));
    }
}
