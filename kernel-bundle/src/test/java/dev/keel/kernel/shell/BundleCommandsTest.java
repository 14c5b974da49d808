package dev.keel.kernel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;

class BundleCommandsTest {

    private static PluginStatus plugin(String name, long bundle, PluginState state, List<String> requires,
            List<String> waiting, String failure) {
        return new PluginStatus(name, "1.2.3", bundle, "file:deploy/" + name + ".jar", 10, requires, state, null,
                waiting, failure);
    }

    @Test
    void dependentsArePluginsOfOtherBundlesThatRequireOneOfThisBundlesPlugins() {
        List<PluginStatus> all = List.of(
                plugin("user", 30, PluginState.ACTIVE, List.of(), List.of(), null),
                plugin("payment", 31, PluginState.ACTIVE, List.of(), List.of(), null),
                plugin("order", 32, PluginState.ACTIVE, List.of("user", "payment"), List.of(), null),
                plugin("audit", 33, PluginState.ACTIVE, List.of("order"), List.of(), null),
                plugin("ledger", 33, PluginState.ACTIVE, List.of("payment"), List.of(), null));

        assertEquals(List.of("order", "ledger"), BundleCommands.dependents(all, 31));
        assertEquals(List.of("audit"), BundleCommands.dependents(all, 32));
        assertEquals(List.of(), BundleCommands.dependents(all, 33));
    }

    @Test
    void aSecondVersionSideBySideKeepsTheDependentsServed() {
        List<PluginStatus> all = List.of(
                plugin("payment", 31, PluginState.ACTIVE, List.of(), List.of(), null),
                plugin("payment", 40, PluginState.ACTIVE, List.of(), List.of(), null),
                plugin("order", 32, PluginState.ACTIVE, List.of("payment"), List.of(), null));

        assertEquals(List.of(), BundleCommands.dependents(all, 40));
        assertEquals(List.of(), BundleCommands.dependents(all, 31));
        assertEquals(List.of(), BundleCommands.dependents(all, 32), "nothing requires order");
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
    void aFileBecomesAFileUriAndAUrlStaysAsItIs(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("new build.jar"), "x");

        assertEquals(jar.toUri().toString(), BundleOperations.location(jar.toString()));
        assertEquals(jar.toUri().toString(), BundleOperations.location(jar.toUri().toString()));
        assertEquals("https://repo.example/p.jar", BundleOperations.location("https://repo.example/p.jar"));
        assertEquals("mvn:dev.keel/payment-bundle/1.0.0", BundleOperations.location("mvn:dev.keel/payment-bundle/1.0.0"));
    }

    @Test
    void aMissingFileIsOneClearLine(@TempDir Path dir) {
        String missing = dir.resolve("gone.jar").toString();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BundleOperations.location(missing));
        assertEquals("no such file: " + missing, e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BundleOperations.location(dir.resolve("gone.jar").toUri().toString()));
        assertTrue(e.getMessage().startsWith("no such file: file:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BundleOperations.location("no such [file]"));
        assertEquals("no such file: no such [file] (a relative path is relative to the Keel home, "
                + Path.of("").toAbsolutePath() + ")", e.getMessage());
    }
}
