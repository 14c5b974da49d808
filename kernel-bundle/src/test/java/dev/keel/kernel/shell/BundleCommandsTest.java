package dev.keel.kernel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.deploy.Deployment;
import dev.keel.kernel.deploy.Deployment.Action;
import dev.keel.kernel.deploy.Deployment.Outcome;

class BundleCommandsTest {

    private static PluginStatus plugin(String name, long bundle, PluginState state, List<String> requires,
            List<String> waiting, String failure) {
        return new PluginStatus(name, "1.2.3", bundle, "file:deploy/" + name + ".jar", 10, requires, state, null,
                waiting, failure);
    }

    @Test
    void pluginTableShowsStateAndWhy() {
        String out = BundleCommands.formatPlugins(List.of(
                plugin("payment", 31, PluginState.ACTIVE, List.of(), List.of(), null),
                plugin("order", 32, PluginState.NEW, List.of("payment"), List.of("payment"), null),
                plugin("fraud", 40, PluginState.FAILED, List.of(), List.of(), "start() threw IllegalStateException: x")));

        assertEquals("""
                NAME     VERSION  BUNDLE  STATE   INFO
                payment  1.2.3    31      ACTIVE
                order    1.2.3    32      NEW     waiting for payment
                fraud    1.2.3    40      FAILED  start() threw IllegalStateException: x
                """, out);
    }

    @Test
    void aDeploymentPrintsItsSummaryThenTheBundlesPlugins() {
        List<PluginStatus> plugins = List.of(plugin("payment", 31, PluginState.ACTIVE, List.of(), List.of(), null));
        assertEquals("""
                updated dev.keel.payment-bundle 1.0.0 -> 1.1.0 (bundle 31)
                NAME     VERSION  BUNDLE  STATE   INFO
                payment  1.2.3    31      ACTIVE
                """, BundleCommands.format(new Deployment(Action.UPDATED, 31, "dev.keel.payment-bundle", "1.1.0",
                "1.0.0", "file:/k/p.jar", Outcome.DONE, plugins, null)));
        assertEquals("""
                installed dev.keel.lib 1.0.0 (bundle 32)
                it registered no plugin within 30 s (is it a Keel plugin?)
                """, BundleCommands.format(new Deployment(Action.INSTALLED, 32, "dev.keel.lib", "1.0.0", null,
                "file:/k/lib.jar", Outcome.NO_PLUGIN, List.of(), null)));
        assertEquals("uninstalled dev.keel.payment-bundle 1.0.0 (bundle 31); its jar moved from deploy/ to "
                + Path.of("/k/data/uninstalled/p.jar") + "\n", BundleCommands.format(new Deployment(Action.UNINSTALLED,
                31, "dev.keel.payment-bundle", "1.0.0", null, "file:/k/deploy/p.jar", Outcome.DONE, List.of(),
                Path.of("/k/data/uninstalled/p.jar"))));
    }
}
