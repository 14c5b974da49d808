package dev.keel.kernel.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.keel.kernel.deploy.LiveUpdateFixtures.config;
import static dev.keel.kernel.deploy.LiveUpdateFixtures.lifecycle;
import static dev.keel.kernel.deploy.LiveUpdateFixtures.stub;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.log.Logger;

import dev.keel.api.PluginState;
import dev.keel.kernel.plugin.PluginInstance;

/** Live update's own bookkeeping: drains bounded by a deadline, and nothing kept for an uninstalled bundle. */
class LiveUpdateTest {

    private final List<PluginInstance> instances = new CopyOnWriteArrayList<>();
    private final LiveUpdate live = new LiveUpdate(config(5_000), stub(BundleContext.class),
            lifecycle(() -> instances, Duration.ofSeconds(10)), stub(Logger.class));

    @Test
    void anUninstalledBundleIsForgottenGateNameAndVanishedPlugin() {
        live.registered("ledger", 42);
        live.gate(42);
        live.registered("shop", 43);
        live.gate(43);
        live.unregistered("ledger", 42); // its plugin went away (the bundle is being uninstalled)
        assertTrue(live.comingBack("ledger"), "went away a moment ago: held, in case it comes back");
        assertArrayEquals(new int[] {2, 2, 1}, live.sizes());

        live.bundleChanged(new BundleEvent(BundleEvent.UNINSTALLED, bundle(42)));

        assertArrayEquals(new int[] {1, 1, 0}, live.sizes(), "gates, bundle names, vanished names");
        assertFalse(live.comingBack("ledger"), "uninstalled: not coming back");
        assertFalse(live.comingBack(42));
        live.bundleChanged(new BundleEvent(BundleEvent.STOPPED, bundle(43)));
        assertArrayEquals(new int[] {1, 1, 0}, live.sizes(), "only an uninstall forgets");
    }

    @Test
    void aPluginIsComingBackAtEveryMomentOfRepeatedSwaps() {
        live.registered("ledger", 42);
        live.unregistered("ledger", 42); // first swap
        live.registered("ledger", 42); // back, then going again: between its removal from the lifecycle and
        // the next unregistration nothing of it is known; the vanished time of the first swap still holds it
        assertTrue(live.comingBack("ledger"));
    }

    @Test
    void aDrainReturnsAsSoonAsTheLastCallInFlightHasLeft() throws Exception {
        InFlight gate = live.gate(42);
        assertTrue(gate.enter());
        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> live.drain(List.of(42L),
                Duration.ofSeconds(30)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!gate.closed() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertFalse(gate.enter(), "no new call gets in while draining");
        long t0 = System.nanoTime();
        gate.exit();
        assertTrue(drained.get(10, TimeUnit.SECONDS), "idle");
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "returned at once, not after the bound");
        live.reopen(42);
        assertTrue(gate.enter(), "reopened");
        gate.exit();
    }

    @Test
    void aDrainIsBoundedWhenACallNeverEnds() {
        InFlight gate = live.gate(42);
        assertTrue(gate.enter());
        long t0 = System.nanoTime();
        assertFalse(live.drain(List.of(42L, 43L), Duration.ofMillis(200)), "a call is still in flight");
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(tookMs >= 190 && tookMs < 5_000, "bounded by the timeout for all bundles together: " + tookMs);
        assertEquals(1, gate.count());
    }

    @Test
    void aPluginStoppedByAnOperatorIsNotComingBackButOneThatIsStartingIs() {
        instances.add(new PluginInstance("ledger", 42, PluginState.STOPPED, true, false, false, List.of()));
        instances.add(new PluginInstance("shop", 43, PluginState.STARTING, false, false, false, List.of("ledger")));
        live.registered("ledger", 42);
        assertFalse(live.comingBack(42));
        assertTrue(live.comingBack("shop"));
        assertFalse(live.comingBack(99), "a bundle that never ran a plugin");
    }

    private static Bundle bundle(long id) {
        return (Bundle) Proxy.newProxyInstance(LiveUpdateTest.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBundleId" -> id;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

}
