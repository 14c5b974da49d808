package dev.keel.kernel.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.keel.api.Plugin;
import dev.keel.api.PluginState;

class StartOrderTest {

    private long ids;
    private long activations;
    private final List<ManagedPlugin> all = new ArrayList<>();

    private ManagedPlugin plugin(String name, int priority, String... requires) {
        return plugin(name, "1.0.0", priority, requires);
    }

    private ManagedPlugin plugin(String name, String version, int priority, String... requires) {
        Plugin p = new Plugin() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String version() {
                return version;
            }

            @Override
            public void start() {
            }

            @Override
            public void stop() {
            }
        };
        ManagedPlugin m = new ManagedPlugin(++ids, p, name, version, 100 + ids, name, "file:" + name + ".jar",
                priority, List.of(requires));
        all.add(m);
        return m;
    }

    private void activate(ManagedPlugin p) {
        p.state = PluginState.ACTIVE;
        p.activationSeq = ++activations;
    }

    /** Runs the start loop as the kernel does, with every start succeeding, and returns the order. */
    private List<String> startAll() {
        List<String> started = new ArrayList<>();
        for (Optional<ManagedPlugin> next = StartOrder.next(all); next.isPresent(); next = StartOrder.next(all)) {
            activate(next.get());
            started.add(next.get().name);
        }
        return started;
    }

    @Test
    void lowerPriorityStartsFirstAndRequirementsComeBeforeTheirDependents() {
        plugin("order", 5, "user", "payment");
        plugin("user", 10);
        plugin("payment", 10);
        plugin("audit", 50);

        assertEquals(List.of("payment", "user", "order", "audit"), startAll());
    }

    @Test
    void aPluginWaitsForEveryRequiredPluginThatIsNotActive() {
        ManagedPlugin order = plugin("order", 20, "user", "payment");
        ManagedPlugin user = plugin("user", 10);
        plugin("payment", 10);

        assertEquals(List.of("user", "payment"), StartOrder.waitingFor(order, all));
        activate(user);
        assertEquals(List.of("payment"), StartOrder.waitingFor(order, all));
    }

    @Test
    void aRequirementServedOnAnotherNodeIsMet() {
        ManagedPlugin order = plugin("order", 20, "user", "payment");
        activate(plugin("user", 10));

        assertEquals(List.of("payment"), StartOrder.waitingFor(order, all, name -> false));
        assertEquals(List.of(), StartOrder.waitingFor(order, all, "payment"::equals));
        assertEquals(java.util.Optional.of(order), StartOrder.next(all, "payment"::equals));
        assertTrue(StartOrder.next(all).isEmpty(), "without the other node, order still waits");
    }

    @Test
    void aFailedRequirementHoldsItsDependentsButNotUnrelatedPlugins() {
        ManagedPlugin payment = plugin("payment", 10);
        ManagedPlugin order = plugin("order", 20, "payment");
        plugin("user", 30);
        payment.state = PluginState.FAILED;

        assertEquals(List.of("user"), startAll());
        assertEquals(PluginState.NEW, order.state);
        assertEquals(List.of("payment"), StartOrder.waitingFor(order, all));
    }

    @Test
    void aFailedPluginIsNotRetriedUntilAnOperatorAsks() {
        ManagedPlugin payment = plugin("payment", 10);
        payment.state = PluginState.FAILED;
        assertFalse(payment.wantsToRun());
        assertTrue(StartOrder.next(all).isEmpty());

        payment.retry = true;
        assertEquals(Optional.of(payment), StartOrder.next(all));
    }

    @Test
    void aHeldPluginStaysStopped() {
        ManagedPlugin payment = plugin("payment", 10);
        payment.state = PluginState.STOPPED;
        payment.held = true;
        assertTrue(StartOrder.next(all).isEmpty());

        payment.held = false;
        assertEquals(Optional.of(payment), StartOrder.next(all));
    }

    @Test
    void aRequirementWithNoRegisteredProviderIsWaitedFor() {
        ManagedPlugin order = plugin("order", 20, "inventory");
        assertTrue(StartOrder.next(all).isEmpty());
        assertEquals(List.of("inventory"), StartOrder.waitingFor(order, all));
    }

    @Test
    void stoppingARequiredPluginStopsItsDependentsFirstTransitively() {
        ManagedPlugin payment = plugin("payment", 10);
        ManagedPlugin user = plugin("user", 10);
        ManagedPlugin order = plugin("order", 20, "user", "payment");
        ManagedPlugin report = plugin("report", 30, "order");
        startAll();

        List<ManagedPlugin> stop = StartOrder.stopSet(List.of(payment), all);

        assertEquals(List.of(report, order, payment), stop);
        assertFalse(stop.contains(user));
    }

    @Test
    void anotherActiveVersionKeepsDependentsRunning() {
        ManagedPlugin payment1 = plugin("payment", "1.0.0", 10);
        plugin("payment", "1.1.0", 10);
        plugin("order", 20, "payment");
        startAll();

        assertEquals(List.of(payment1), StartOrder.stopSet(List.of(payment1), all));
    }

    @Test
    void stoppingEverythingStopsInReverseActivationOrder() {
        plugin("user", 10);
        plugin("payment", 10);
        plugin("order", 20, "user", "payment");
        List<String> started = startAll();

        List<String> stopped = StartOrder.stopSet(List.copyOf(all), all).stream().map(p -> p.name).toList();

        List<String> reversed = new ArrayList<>(started);
        java.util.Collections.reverse(reversed);
        assertEquals(reversed, stopped);
    }
}
