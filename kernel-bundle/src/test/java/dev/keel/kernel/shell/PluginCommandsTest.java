package dev.keel.kernel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.deploy.DeployProblem;
import dev.keel.kernel.observe.PluginsCheck;
import dev.keel.kernel.observe.Readiness;
import dev.keel.kernel.observe.ReadinessCheck;
import dev.keel.kernel.observe.ReadinessCheck.Part;

class PluginCommandsTest {

    private static final Instant T = Instant.parse("2026-11-25T10:15:30Z");

    private static PluginStatus status(String name, PluginState state, List<String> waiting, String failure) {
        return new PluginStatus(name, "1.0.0", 42, "file:deploy/" + name + ".jar", 10, List.of("user"), state,
                state == PluginState.ACTIVE ? T : null, waiting, failure);
    }

    @Test
    void tableColumnsAreAlignedAndTrailingSpacesTrimmed() {
        String out = new Table("A", "LONGER").row("wide cell", 1).row(null, "x").toString();

        assertEquals("A          LONGER\nwide cell  1\n-          x\n", out);
    }

    @Test
    void pluginsTableShowsStateAndWhyAPluginIsNotActive() {
        String out = PluginCommands.formatPlugins(List.of(
                status("order", PluginState.NEW, List.of("payment"), null),
                status("payment", PluginState.FAILED, List.of(), "IllegalStateException: boom")), List.of());

        List<String> lines = out.lines().toList();
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).startsWith("NAME "), lines.get(0));
        assertTrue(lines.get(1).matches("order\\s+1\\.0\\.0\\s+42\\s+NEW\\s+10\\s+-\\s+waiting for payment"), lines.get(1));
        assertTrue(lines.get(2).endsWith("FAILED  10        -        IllegalStateException: boom"), lines.get(2));
        assertEquals(lines.get(0).indexOf("STATE"), lines.get(1).indexOf("NEW"));
    }

    @Test
    void deployProblemsAreListedBelowThePlugins() {
        String out = PluginCommands.formatPlugins(List.of(status("user", PluginState.ACTIVE, List.of(), null)),
                List.of(new DeployProblem("deploy/notes.jar", -1, "not an OSGi bundle")));

        assertTrue(out.contains("\nProblems in deploy/:\n"), out);
        assertTrue(out.contains("deploy/notes.jar  -       not an OSGi bundle"), out);
    }

    @Test
    void outcomeIsOneLineWithTheReason() {
        assertEquals("order 1.0.0: NEW (waiting for user, payment)",
                PluginCommands.outcome(status("order", PluginState.NEW, List.of("user", "payment"), null)));
        assertEquals("payment 1.0.0: FAILED (boom)",
                PluginCommands.outcome(status("payment", PluginState.FAILED, List.of(), "boom")));
    }

    @Test
    void detailsNameEveryField() {
        String out = PluginCommands.formatDetails(status("payment", PluginState.FAILED, List.of(), "boom"));

        assertTrue(out.startsWith("payment 1.0.0\n"), out);
        assertTrue(out.contains("  state        FAILED\n"), out);
        assertTrue(out.contains("  requires     user\n"), out);
        assertTrue(out.contains("  last failure boom\n"), out);
    }

    /** What readiness reports for these plugins when every other check holds. */
    static Readiness.Report report(List<PluginStatus> plugins) {
        Set<String> names = new TreeSet<>(plugins.stream().map(PluginStatus::name).toList());
        List<Part> failing = new PluginsCheck().check(new ReadinessCheck.Scope(plugins, names)).failing();
        return new Readiness.Report(failing.isEmpty(), plugins, failing);
    }

    @Test
    void readinessOfAnOpenBreakerSaysWhyKeelIsNotReady() {
        List<PluginStatus> plugins = List.of(status("payment", PluginState.ACTIVE, List.of(), null));
        String out = PluginCommands.readiness(new Readiness.Report(false, plugins, List.of(new Part("breaker",
                "payment 1.0.0", "circuit breaker is OPEN (failure rate 100.0%)", false))), 0, 30);

        assertEquals("Keel is not ready: breaker payment 1.0.0: circuit breaker is OPEN (failure rate 100.0%)", out);
    }

    @Test
    void readinessSaysReadyWhenEveryPluginIsActive() {
        assertEquals("Keel is ready: 1 plugin ACTIVE",
                PluginCommands.readiness(report(List.of(status("user", PluginState.ACTIVE, List.of(), null))), 0, 30));
    }

    @Test
    void readinessNamesThePluginsThatAreNotActiveAndTheDeployProblems() {
        String out = PluginCommands.readiness(report(List.of(status("user", PluginState.ACTIVE, List.of(), null),
                status("payment", PluginState.FAILED, List.of(), "boom"),
                status("order", PluginState.NEW, List.of("payment"), null))), 2, 30);

        assertEquals("Keel is up, but not every plugin is ACTIVE: 1 ACTIVE, 1 NEW (order), 1 FAILED (payment); "
                + "2 problems in deploy/ (keel:plugins); keel:plugins says why", out);
    }

    @Test
    void readinessSaysWhatIsStillPending() {
        assertEquals("Keel is not ready after 5 s: deploy/payment.jar: not started yet; plugins are still starting",
                PluginCommands.readiness(new Readiness.Report(false, List.of(), List.of(
                        new Part("startup", "deploy/payment.jar", "deploy/payment.jar: not started yet", true),
                        new Part("startup", "plugins", "plugins are still starting", true))), 0, 5));
    }
}
