package dev.keel.kernel.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleException;

import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.deploy.Deployment.Action;
import dev.keel.kernel.deploy.Deployment.Outcome;

class BundleDeployerTest {

    static PluginStatus plugin(String name, long bundle, PluginState state, List<String> requires,
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

        assertEquals(List.of("order", "ledger"), BundleDeployer.dependents(all, 31));
        assertEquals(List.of("audit"), BundleDeployer.dependents(all, 32));
        assertEquals(List.of(), BundleDeployer.dependents(all, 33));
    }

    @Test
    void aSecondVersionSideBySideKeepsTheDependentsServed() {
        List<PluginStatus> all = List.of(
                plugin("payment", 31, PluginState.ACTIVE, List.of(), List.of(), null),
                plugin("payment", 40, PluginState.ACTIVE, List.of(), List.of(), null),
                plugin("order", 32, PluginState.ACTIVE, List.of("payment"), List.of(), null));

        assertEquals(List.of(), BundleDeployer.dependents(all, 40));
        assertEquals(List.of(), BundleDeployer.dependents(all, 31));
        assertEquals(List.of(), BundleDeployer.dependents(all, 32), "nothing requires order");
    }

    @Test
    void aFileBecomesAFileUriAndAUrlStaysAsItIs(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("new build.jar"), "x").toRealPath();
        CodeSources sources = new CodeSources(dir, List.of(dir), false);

        assertEquals(jar.toUri().toString(), sources.location(jar.toString()));
        assertEquals(jar.toUri().toString(), sources.location(jar.toUri().toString()));
        assertEquals("https://repo.example/p.jar", sources.location("https://repo.example/p.jar"));
        // any other scheme was taken as it came (mvn:, http:, jar:); now refused: code only from the home or https
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sources.location("mvn:dev.keel/payment-bundle/1.0.0"));
        assertTrue(e.getMessage().startsWith("refused: mvn:dev.keel/payment-bundle/1.0.0"), e.getMessage());
    }

    @Test
    void aMissingFileIsOneClearLine(@TempDir Path dir) {
        String missing = dir.resolve("gone.jar").toString();
        CodeSources sources = new CodeSources(dir, List.of(dir), false);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sources.location(missing));
        assertEquals("no such file: " + missing, e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> sources.location(dir.resolve("gone.jar").toUri().toString()));
        assertTrue(e.getMessage().startsWith("no such file: file:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> sources.location("no such [file]"));
        assertEquals("no such file: no such [file] (a relative path is relative to the Keel home, "
                + dir.toAbsolutePath().normalize() + ")", e.getMessage());
    }

    @Test
    void onlyAFileLocationHasAFile(@TempDir Path dir) {
        assertEquals(dir.resolve("p.jar").toAbsolutePath().normalize(), Locations.fileOf(dir.resolve("p.jar").toUri().toString()));
        assertEquals(null, Locations.fileOf("https://repo.example/p.jar"));
        assertEquals(null, Locations.fileOf("not a [uri]"));
    }

    @Test
    void onlyALostGlobalLockIsTriedAgain() {
        assertTrue(FrameworkOperations.lostTheGlobalLock(new BundleException("Unable to acquire global lock for resolve.")));
        assertTrue(!FrameworkOperations.lostTheGlobalLock(new BundleException("Unresolved requirement")));
        assertTrue(!FrameworkOperations.lostTheGlobalLock(new BundleException(null)));
    }

    @Test
    void anOperationRunsOnAThreadOfItsOwnAndAnInterruptOfTheCallerDoesNotReachIt() {
        Thread.currentThread().interrupt();
        try {
            String[] ran = new String[2];
            String answer = FrameworkOperations.onOwnThread(() -> {
                ran[0] = Thread.currentThread().getName();
                ran[1] = String.valueOf(Thread.currentThread().isInterrupted());
                return "done";
            });
            assertEquals("done", answer);
            assertEquals("keel-deploy-operation", ran[0]);
            assertEquals("false", ran[1]);
            assertTrue(Thread.currentThread().isInterrupted(), "the caller's interrupt is kept");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aRefusalOnTheOperationsThreadReachesTheCallerAsItIs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FrameworkOperations.onOwnThread(() -> {
                    throw new IllegalArgumentException("unknown plugin: fraud");
                }));
        assertEquals("unknown plugin: fraud", e.getMessage());
    }

    @Test
    void theSummarySaysWhatWasDoneInOneLine() {
        PluginStatus payment = plugin("payment", 31, PluginState.ACTIVE, List.of(), List.of(), null);
        assertEquals("installed dev.keel.payment-bundle 2.0.0 (bundle 31)", new Deployment(Action.INSTALLED, 31,
                "dev.keel.payment-bundle", "2.0.0", null, "file:/k/p.jar", Outcome.DONE, List.of(payment), null)
                .summary());
        assertEquals("updated dev.keel.payment-bundle 1.0.0 -> 1.1.0 (bundle 31)", new Deployment(Action.UPDATED, 31,
                "dev.keel.payment-bundle", "1.1.0", "1.0.0", "file:/k/p.jar", Outcome.DONE, List.of(payment), null)
                .summary());
        assertEquals("uninstalled dev.keel.payment-bundle 1.0.0 (bundle 31)", new Deployment(Action.UNINSTALLED, 31,
                "dev.keel.payment-bundle", "1.0.0", null, "file:/k/p.jar", Outcome.DONE, List.of(), null).summary());
        Path kept = Path.of("/k/data/uninstalled/p.jar");
        assertEquals("uninstalled dev.keel.payment-bundle 1.0.0 (bundle 31); its jar moved from deploy/ to " + kept,
                new Deployment(Action.UNINSTALLED, 31, "dev.keel.payment-bundle", "1.0.0", null,
                        "file:/k/deploy/p.jar", Outcome.DONE, List.of(), kept).summary());
    }
}
