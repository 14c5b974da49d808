package dev.keel.kernel.release;

import static dev.keel.kernel.deploy.LiveUpdateFixtures.stub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.log.Logger;

import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.deploy.LiveUpdateFixtures;
import dev.keel.kernel.plugin.ListedRuntime;

/**
 * Release operations of a cluster, two nodes on one store, both running payment 1.0.0 (bundle 10) and 1.1.0
 * (bundle 11): a canary, promote or rollback on one node is applied on the other; an automatic rollback is decided
 * by one node; a promote the store held before a node started watching uninstalls nothing there.
 */
class ClusterReleasesTest {

    /** One node: its splits, its operations, what it uninstalled. */
    private static final class Node {
        final Splits splits = new Splits(stub(Logger.class));
        final List<Long> uninstalled = new CopyOnWriteArrayList<>();
        final ClusterReleases releases;

        Node(ReleaseStore store) throws IOException {
            List<PluginStatus> plugins = List.of(status("1.0.0", 10), status("1.1.0", 11));
            ReleaseOperations ops = new ReleaseOperations(ListedRuntime.of(() -> plugins), splits,
                    LiveUpdateFixtures.liveUpdate(Duration.ofSeconds(5)), uninstalled::add, (p, c, w) -> { },
                    (what, p, v, more) -> { }, () -> 0, stub(Logger.class));
            releases = new ClusterReleases(store, ops, splits, () -> 0, stub(Logger.class));
        }
    }

    private final MemoryReleaseStore store = new MemoryReleaseStore();
    private final List<Node> nodes = new ArrayList<>();

    @AfterEach
    void close() {
        nodes.forEach(n -> n.releases.close());
    }

    private Node node(String id) throws IOException {
        Node n = new Node(store.node(id));
        nodes.add(n);
        return n;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " within 10 s");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void aCanaryAndAPromoteOnOneNodeApplyOnTheOther() throws Exception {
        Node a = node("node-a");
        Node b = node("node-b");
        String done = a.releases.canary("payment", "1.1.0", 10);
        assertTrue(done.endsWith("(on every node of the cluster)"), done);
        assertEquals(new ReleasePolicy.Split("1.1.0", 10), a.splits.get("payment"));
        await("node-b takes the canary", () -> new ReleasePolicy.Split("1.1.0", 10).equals(b.splits.get("payment")));

        a.releases.promote("payment", null);
        assertEquals(List.of(10L), a.uninstalled);
        await("node-b uninstalls 1.0.0", () -> b.uninstalled.equals(List.of(10L)));
        await("node-b's split is gone", () -> b.splits.get("payment") == null);
    }

    @Test
    void aRollbackOnOneNodeUninstallsTheCanaryOnTheOther() throws Exception {
        Node a = node("node-a");
        Node b = node("node-b");
        b.releases.canary("payment", "1.1.0", 30);
        await("node-a takes the canary", () -> a.splits.get("payment") != null);
        a.releases.rollback("payment");
        assertEquals(List.of(11L), a.uninstalled);
        await("node-b uninstalls 1.1.0", () -> b.uninstalled.equals(List.of(11L)));
    }

    @Test
    void anAutomaticRollbackIsDecidedByOneNodeAndReachesTheOther() throws Exception {
        Node a = node("node-a");
        Node b = node("node-b");
        a.releases.canary("payment", "1.1.0", 50);
        await("node-b takes the canary", () -> b.splits.get("payment") != null);
        assertTrue(b.releases.decideRollback("payment", "1.1.0", "error rate 100%"));
        assertFalse(a.releases.decideRollback("payment", "1.1.0", "error rate 90%"), "decided already");
        SharedPolicy stored = SharedPolicy.decode(store.get("payment").text());
        assertEquals(SharedPolicy.rolledBack("1.1.0", "error rate 100%", true, "node-b"), stored);
        // node-b rolls back itself (Releases does, audited); node-a hears of the decision
        await("node-a uninstalls 1.1.0", () -> a.uninstalled.equals(List.of(11L)));
        assertTrue(b.uninstalled.isEmpty(), "node-b's own decision is not handed back to it");
    }

    @Test
    void aPromoteTheStoreHeldBeforeANodeWatchedUninstallsNothingThere() throws Exception {
        store.put("payment", SharedPolicy.promoted("1.1.0", "node-a").encode());
        store.put("user", SharedPolicy.canary("2.0.0", 20, "node-a").encode());
        Node b = node("node-b");
        await("node-b takes the user canary", () -> b.splits.get("user") != null);
        store.put("order", SharedPolicy.canary("2.0.0", 5, "node-a").encode());
        await("node-b takes the order canary", () -> b.splits.get("order") != null);
        assertTrue(b.uninstalled.isEmpty(), "uninstalled " + b.uninstalled);
        assertNull(b.splits.get("payment"));
    }

    private static PluginStatus status(String version, long bundleId) {
        return new PluginStatus("payment", version, bundleId, "file:payment.jar", 10, List.of(), PluginState.ACTIVE,
                Instant.now(), List.of(), null);
    }
}
