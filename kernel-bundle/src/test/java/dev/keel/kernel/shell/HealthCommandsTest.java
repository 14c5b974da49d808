package dev.keel.kernel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;

class HealthCommandsTest {

    private static PluginStatus plugin(String name, PluginState state, List<String> waiting, String failure) {
        return new PluginStatus(name, "1.0.0", 7, "file:deploy/" + name + ".jar", 10, waiting, state, null, waiting,
                failure);
    }

    @Test
    void upWhenEveryPluginIsActiveAndNothingIsPending() {
        assertEquals("""
                status: UP
                PLUGIN  VERSION  BUNDLE  STATE   INFO
                user    1.0.0    7       ACTIVE
                """, HealthCommands.format(List.of(plugin("user", PluginState.ACTIVE, List.of(), null)), List.of()));
    }

    @Test
    void downWithTheReasons() {
        assertEquals("""
                status: DOWN
                PLUGIN  VERSION  BUNDLE  STATE   INFO
                fraud   1.0.0    7       FAILED  start() threw X
                order   1.0.0    7       NEW     waiting for fraud
                pending: deploy/late.jar is not started yet
                """, HealthCommands.format(List.of(
                        plugin("fraud", PluginState.FAILED, List.of(), "start() threw X"),
                        plugin("order", PluginState.NEW, List.of("fraud"), null)),
                List.of("deploy/late.jar is not started yet")));
    }

    @Test
    void pendingStartUpIsDownEvenWithoutPlugins() {
        assertEquals("status: DOWN\nno plugins\npending: framework starting\n",
                HealthCommands.format(List.of(), List.of("framework starting")));
    }
}
