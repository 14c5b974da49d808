package dev.keel.kernel.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.keel.kernel.deploy.LiveUpdateFixtures.stub;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.log.Logger;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.deploy.InFlight;
import dev.keel.kernel.deploy.LiveUpdate;
import dev.keel.kernel.deploy.LiveUpdateFixtures;
import dev.keel.kernel.plugin.ListedRuntime;

/**
 * Promote and rollback drain the version that lost its traffic on live update's gate: they go on as soon as its
 * calls in flight are done, at most drain.ms when one never ends, and hold no lock meanwhile.
 */
class ReleaseOperationsTest {

    private final List<PluginStatus> plugins = List.of(status("payment", "1.0.0", 10), status("payment", "1.1.0", 11),
            status("user", "1.0.0", 20), status("user", "1.1.0", 21));
    private final LiveUpdate live = LiveUpdateFixtures.liveUpdate(Duration.ofSeconds(10));
    private final List<Long> uninstalled = new CopyOnWriteArrayList<>();
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private final AtomicLong drainMs = new AtomicLong(30_000);
    private final Splits splits = new Splits(stub(Logger.class));
    private final ReleaseOperations operations = new ReleaseOperations(runtime(), splits, live, uninstalled::add,
            (plugin, canary, weight) -> { }, (what, plugin, version, more) -> posted.add(what + " " + plugin),
            drainMs::get, stub(Logger.class));
    private InFlight inFlight;

    @AfterEach
    void endTheCall() {
        if (inFlight != null && inFlight.count() > 0) {
            inFlight.exit();
        }
    }

    @Test
    void promoteGoesOnAsSoonAsTheOldVersionHasNoCallInFlight() throws Exception {
        inFlight = live.gate(10);
        assertTrue(inFlight.enter(), "a call is in flight on payment 1.0.0");
        CompletableFuture<String> promoted = CompletableFuture.supplyAsync(() -> operations.promote("payment", "1.1.0"));
        awaitClosed(inFlight);
        assertEquals(Optional.of("1.1.0"), splits.choose("payment", List.of("1.0.0", "1.1.0"), "someone", null),
                "the traffic has moved before the drain");
        assertFalse(inFlight.enter(), "no new call gets into the old version");
        assertTrue(uninstalled.isEmpty(), "not removed while its call is in flight");

        long t0 = System.nanoTime();
        inFlight.exit();
        String answer = promoted.get(20, TimeUnit.SECONDS);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(tookMs < 10_000, "went on when the call was done, not after drain.ms (30 s): " + tookMs);
        assertEquals(List.of(10L), uninstalled);
        assertTrue(answer.contains("uninstalled 1.0.0 (bundle 10)"), answer);
        assertNull(splits.get("payment"), "the split is cleared");
        assertEquals(List.of("PROMOTED payment"), posted);
    }

    @Test
    void aCallThatNeverEndsHoldsPromoteAtMostDrainMs() {
        drainMs.set(300);
        inFlight = live.gate(10);
        assertTrue(inFlight.enter());
        long t0 = System.nanoTime();
        operations.promote("payment", "1.1.0");
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(tookMs >= 290 && tookMs < 10_000, "bounded by drain.ms: " + tookMs);
        assertEquals(List.of(10L), uninstalled, "removed anyway once the bound passed");
    }

    @Test
    void rollbackDrainsTheCanaryTheSameWay() throws Exception {
        operations.canary("payment", "1.1.0", 10);
        inFlight = live.gate(11);
        assertTrue(inFlight.enter(), "a call is in flight on the canary");
        CompletableFuture<String> rolledBack = CompletableFuture.supplyAsync(() -> operations.rollback("payment",
                "by hand", false));
        awaitClosed(inFlight);
        assertTrue(uninstalled.isEmpty());
        inFlight.exit();
        rolledBack.get(20, TimeUnit.SECONDS);
        assertEquals(List.of(11L), uninstalled);
    }

    @Test
    void noLockIsHeldWhilePromoteWaits() throws Exception {
        inFlight = live.gate(10);
        assertTrue(inFlight.enter());
        CompletableFuture<String> promoted = CompletableFuture.supplyAsync(() -> operations.promote("payment", "1.1.0"));
        awaitClosed(inFlight);

        long t0 = System.nanoTime();
        String canary = operations.canary("user", "1.1.0", 10);
        assertTrue(canary.contains("user 1.1.0 now gets 10%"), canary);
        IllegalArgumentException busy = assertThrows(IllegalArgumentException.class,
                () -> operations.rollback("payment", "by hand", false));
        assertTrue(busy.getMessage().contains("under way"), busy.getMessage());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 5_000,
                "other operations went on while promote waited");
        assertFalse(promoted.isDone(), "promote still waits for its call");

        inFlight.exit();
        promoted.get(20, TimeUnit.SECONDS);
        assertEquals(List.of(10L), uninstalled);
    }

    @Test
    void aFailedUninstallOpensTheGateAgain() {
        ReleaseOperations failing = new ReleaseOperations(runtime(), splits, live, id -> {
            throw new IllegalArgumentException("cannot uninstall bundle " + id);
        }, (plugin, canary, weight) -> { }, (what, plugin, version, more) -> { }, () -> 0, stub(Logger.class));
        assertThrows(IllegalArgumentException.class, () -> failing.promote("payment", "1.1.0"));
        inFlight = live.gate(10);
        assertTrue(inFlight.enter(), "the old version still runs and serves again");
        inFlight.exit();
    }

    private static void awaitClosed(InFlight gate) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!gate.closed() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(gate.closed(), "the old version is being drained");
    }

    private static PluginStatus status(String name, String version, long bundleId) {
        return new PluginStatus(name, version, bundleId, "file:" + name + ".jar", 10, List.of(), PluginState.ACTIVE,
                Instant.now(), List.of(), null);
    }

    private PluginRuntime runtime() {
        return ListedRuntime.of(() -> plugins);
    }

}
