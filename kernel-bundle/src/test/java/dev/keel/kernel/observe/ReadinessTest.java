package dev.keel.kernel.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.plugin.ListedRuntime;
import dev.keel.kernel.observe.ReadinessCheck.Part;

class ReadinessTest {

    private static PluginStatus plugin(String name, PluginState state, List<String> waitingFor) {
        return new PluginStatus(name, "1.0.0", 7, "file:x.jar", 10, List.of(), state, null, waitingFor, null);
    }

    private static PluginStatus plugin(String name, PluginState state) {
        return plugin(name, state, List.of());
    }

    /** A runtime whose plugins the test changes. */
    private static PluginRuntime runtime(AtomicReference<List<PluginStatus>> plugins) {
        return ListedRuntime.of(plugins::get);
    }

    @Test
    void upOnlyWhenEveryExpectedCheckIsRegisteredAndHolds() {
        List<PluginStatus> plugins = List.of(plugin("user", PluginState.ACTIVE));

        assertTrue(Readiness.evaluate(plugins, Set.of(), Checks.all()).up());

        List<ReadinessCheck> withoutRoutes = new ArrayList<>(Checks.all());
        withoutRoutes.removeIf(c -> c.name().equals("routes"));
        Readiness.Report report = Readiness.evaluate(plugins, Set.of(), withoutRoutes);
        assertFalse(report.up());
        assertEquals(List.of(new Part("check", "routes", "the routes check is not registered yet", true)),
                report.failing());
        assertFalse(report.settled(), "a check that is not there yet is on its way");
    }

    @Test
    void noPluginYetIsNotReadyWhileStartUpIsPending() {
        Readiness.Report report = Readiness.evaluate(List.of(), Set.of(),
                Checks.all(Checks.failing("startup", Checks.pending("deploy/user.jar: not installed yet"))));

        assertFalse(report.up());
        assertEquals(List.of("deploy/user.jar: not installed yet"), report.pending());
    }

    @Test
    void theChecksSeeEveryPluginAsRequiredUnlessSomeAreNamed() {
        AtomicReference<Set<String>> seen = new AtomicReference<>();
        ReadinessCheck spy = Checks.check("routes", scope -> {
            seen.set(scope.required());
            return List.of();
        });
        List<PluginStatus> plugins = List.of(plugin("user", PluginState.ACTIVE), plugin("order", PluginState.FAILED));

        assertFalse(Readiness.evaluate(plugins, Set.of(), Checks.all(spy)).up());
        assertEquals(Set.of("user", "order"), seen.get());

        assertTrue(Readiness.evaluate(plugins, Set.of("user"), Checks.all(spy)).up());
        assertEquals(Set.of("user"), seen.get());
    }

    @Test
    void theActiveRequiredInstancesAreWhatTheRouteCheckLooksAt() {
        ReadinessCheck.Scope scope = new ReadinessCheck.Scope(List.of(plugin("user", PluginState.ACTIVE),
                plugin("order", PluginState.STARTING), plugin("fraud", PluginState.ACTIVE)), Set.of("user", "order"));

        assertEquals(List.of("user"), scope.activeRequired().stream().map(PluginStatus::name).toList());
    }

    @Test
    void partsAreListedInTheOrderOfTheChecks() {
        Part breaker = new Part("breaker", "payment 1.0.0", "circuit breaker is OPEN", false);
        Part storage = new Part("storage", "default", "cannot connect", false);
        Readiness.Report report = Readiness.evaluate(List.of(plugin("payment", PluginState.ACTIVE)), Set.of(),
                Checks.all(Checks.failing("breakers", breaker), Checks.failing("storage", storage)));

        assertEquals(List.of(storage, breaker), report.failing());
        assertTrue(report.settled());
    }

    @Test
    void aCheckThatThrowsIsAFailingPartNotAnError() {
        ReadinessCheck broken = Checks.check("storage", scope -> {
            throw new IllegalStateException("boom");
        });
        Readiness.Report report = Readiness.evaluate(List.of(), Set.of(), Checks.all(broken));

        assertFalse(report.up());
        assertEquals("check", report.failing().get(0).kind());
        assertTrue(report.failing().get(0).reason().contains("boom"), report.failing().get(0).reason());
    }

    @Test
    void aStartingPluginIsSettlingAFailedOneOrOneWaitingForAMissingPluginIsNot() {
        assertFalse(Readiness.evaluate(List.of(plugin("user", PluginState.STARTING)), Set.of(), Checks.all()).settled());
        assertFalse(Readiness.evaluate(List.of(plugin("user", PluginState.NEW)), Set.of(), Checks.all()).settled());
        assertTrue(Readiness.evaluate(List.of(plugin("user", PluginState.FAILED)), Set.of(), Checks.all()).settled());
        assertTrue(Readiness.evaluate(List.of(plugin("order", PluginState.NEW, List.of("payment"))), Set.of(),
                Checks.all()).settled());
    }

    @Test
    void awaitReturnsOnceReady() throws InterruptedException {
        AtomicReference<List<PluginStatus>> plugins = new AtomicReference<>(List.of(plugin("user", PluginState.STARTING)));
        AtomicInteger asked = new AtomicInteger();
        ReadinessCheck startup = Checks.check("startup", scope -> {
            if (asked.incrementAndGet() == 3) {
                plugins.set(List.of(plugin("user", PluginState.ACTIVE)));
            }
            return List.of();
        });
        Readiness readiness = new Readiness(runtime(plugins), Set.of(), Checks.all(startup));

        Readiness.Report report = readiness.await(Duration.ofSeconds(30));

        assertTrue(report.up(), report.toString());
        assertTrue(asked.get() >= 3);
    }

    @Test
    void awaitEndsAtOnceWhenNothingIsOnItsWay() throws InterruptedException {
        AtomicReference<List<PluginStatus>> plugins = new AtomicReference<>(List.of(plugin("user", PluginState.FAILED)));
        AtomicInteger asked = new AtomicInteger();
        ReadinessCheck startup = Checks.check("startup", scope -> {
            asked.incrementAndGet();
            return List.of();
        });
        Readiness readiness = new Readiness(runtime(plugins), Set.of(), Checks.all(startup));

        Readiness.Report report = readiness.await(Duration.ofSeconds(30));

        assertFalse(report.up());
        assertTrue(report.settled());
        assertEquals(1, asked.get(), "asked once, not again until the timeout");
    }

    @Test
    void awaitGivesUpAtTheTimeoutWhileSomethingIsStillOnItsWay() throws InterruptedException {
        AtomicReference<List<PluginStatus>> plugins = new AtomicReference<>(List.of(plugin("user", PluginState.STARTING)));
        Readiness readiness = new Readiness(runtime(plugins), Set.of(), Checks.all());

        Readiness.Report report = readiness.await(Duration.ofMillis(100));

        assertFalse(report.up());
        assertFalse(report.settled());
        assertEquals("1.0.0 is STARTING", report.failing().get(0).reason());
    }
}
