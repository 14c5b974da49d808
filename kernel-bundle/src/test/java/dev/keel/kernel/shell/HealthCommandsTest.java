package dev.keel.kernel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.observe.Readiness;
import dev.keel.kernel.observe.ReadinessCheck.Part;

class HealthCommandsTest {

    private static PluginStatus plugin(String name, PluginState state, List<String> waiting, String failure) {
        return new PluginStatus(name, "1.0.0", 7, "file:deploy/" + name + ".jar", 10, waiting, state, null, waiting,
                failure);
    }

    /** What readiness reports for these plugins and start-up reasons when every other check holds. */
    private static Readiness.Report report(List<PluginStatus> plugins, List<String> pending) {
        List<Part> failing = new ArrayList<>(PluginCommandsTest.report(plugins).failing());
        pending.forEach(p -> failing.add(new Part("startup", p, p, true)));
        return new Readiness.Report(failing.isEmpty(), plugins, failing);
    }

    @Test
    void aFailingRouteOrBreakerHasALineOfItsOwn() {
        String out = HealthCommands.format(new Readiness.Report(false,
                List.of(plugin("user", PluginState.ACTIVE, List.of(), null)),
                List.of(new Part("route", "user /users", "1.0.0: route /users is not registered yet", true))));

        assertEquals("""
                status: DOWN
                PLUGIN  VERSION  BUNDLE  STATE   INFO
                user    1.0.0    7       ACTIVE
                failing: route user /users: 1.0.0: route /users is not registered yet
                """, out);
    }

    @Test
    void upWhenEveryPluginIsActiveAndNothingIsPending() {
        assertEquals("""
                status: UP
                PLUGIN  VERSION  BUNDLE  STATE   INFO
                user    1.0.0    7       ACTIVE
                """, HealthCommands.format(report(List.of(plugin("user", PluginState.ACTIVE, List.of(), null)), List.of())));
    }

    @Test
    void downWithTheReasons() {
        assertEquals("""
                status: DOWN
                PLUGIN  VERSION  BUNDLE  STATE   INFO
                fraud   1.0.0    7       FAILED  start() threw X
                order   1.0.0    7       NEW     waiting for fraud
                pending: deploy/late.jar is not started yet
                """, HealthCommands.format(report(List.of(
                        plugin("fraud", PluginState.FAILED, List.of(), "start() threw X"),
                        plugin("order", PluginState.NEW, List.of("fraud"), null)),
                List.of("deploy/late.jar is not started yet"))));
    }

    @Test
    void pendingStartUpIsDownEvenWithoutPlugins() {
        assertEquals("status: DOWN\nno plugins\npending: framework starting\n",
                HealthCommands.format(report(List.of(), List.of("framework starting"))));
    }
}
