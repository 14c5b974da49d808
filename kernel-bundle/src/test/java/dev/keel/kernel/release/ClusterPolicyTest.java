package dev.keel.kernel.release;

import static dev.keel.kernel.deploy.LiveUpdateFixtures.stub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.log.Logger;

/**
 * The cluster's release states between nodes: a state one node writes reaches every other node once (and not the
 * writer, which applied it itself), what the store held is replayed to a node that starts watching, and of the
 * nodes that decide an automatic rollback from the same canary at once exactly one wins.
 */
class ClusterPolicyTest {

    /** One state a node's applier was handed. */
    record Applied(String plugin, SharedPolicy state, boolean replay) {
    }

    private final MemoryReleaseStore store = new MemoryReleaseStore();
    private final List<ClusterPolicy> nodes = new ArrayList<>();
    private final List<BlockingQueue<Applied>> applied = new ArrayList<>();

    @AfterEach
    void close() {
        nodes.forEach(ClusterPolicy::close);
    }

    private ClusterPolicy node(String id) throws IOException {
        BlockingQueue<Applied> q = new LinkedBlockingQueue<>();
        ClusterPolicy p = new ClusterPolicy(store.node(id), (plugin, state, replay) -> q.add(new Applied(plugin,
                state, replay)), stub(Logger.class));
        nodes.add(p);
        applied.add(q);
        return p;
    }

    private static Applied next(BlockingQueue<Applied> q) throws InterruptedException {
        Applied a = q.poll(10, TimeUnit.SECONDS);
        if (a == null) {
            throw new AssertionError("no state applied within 10 s");
        }
        return a;
    }

    @Test
    void aStateOneNodeWritesReachesEveryOtherNodeButNotTheWriter() throws Exception {
        ClusterPolicy a = node("node-a");
        ClusterPolicy b = node("node-b");
        node("node-c");
        a.publish("payment", SharedPolicy.canary("1.1.0", 10, "node-a"));
        for (int i = 1; i <= 2; i++) {
            Applied got = next(applied.get(i));
            assertEquals(new Applied("payment", SharedPolicy.canary("1.1.0", 10, "node-a"), false), got);
        }
        b.publish("payment", SharedPolicy.promoted("1.1.0", "node-b"));
        // the writer hears only the other node's state: its own was never handed back
        assertEquals(SharedPolicy.promoted("1.1.0", "node-b"), next(applied.get(0)).state());
        assertEquals(SharedPolicy.promoted("1.1.0", "node-b"), next(applied.get(2)).state());
        assertNull(applied.get(0).poll(), "node-a was handed its own canary");
        assertNull(applied.get(1).poll(), "node-b was handed its own promote");
        assertEquals(1, store.get("payment").version());
    }

    @Test
    void aNodeThatStartsWatchingIsHandedWhatTheStoreHeldAsReplay() throws Exception {
        store.put("payment", SharedPolicy.canary("1.1.0", 25, "node-a").encode());
        store.put("user", SharedPolicy.promoted("2.0.0", "node-a").encode());
        node("node-b");
        List<Applied> got = List.of(next(applied.get(0)), next(applied.get(0)));
        assertTrue(got.stream().allMatch(Applied::replay), got.toString());
        assertTrue(got.contains(new Applied("payment", SharedPolicy.canary("1.1.0", 25, "node-a"), true)));
        store.put("payment", SharedPolicy.rolledBack("1.1.0", "by hand", false, "node-a").encode());
        assertFalse(next(applied.get(0)).replay(), "a change after the watch began is not a replay");
    }

    @Test
    void anAutomaticRollbackIsDecidedByExactlyOneOfTheNodesThatTryAtOnce() throws Exception {
        List<ClusterPolicy> three = List.of(node("node-a"), node("node-b"), node("node-c"));
        three.get(0).publish("payment", SharedPolicy.canary("1.1.0", 10, "node-a"));
        for (int round = 0; round < 20; round++) {
            store.put("payment", SharedPolicy.canary("1.1.0", 10, "node-a").encode());
            CyclicBarrier together = new CyclicBarrier(three.size());
            ExecutorService pool = Executors.newFixedThreadPool(three.size());
            List<Future<Boolean>> won = new ArrayList<>();
            for (ClusterPolicy p : three) {
                won.add(pool.submit(() -> {
                    together.await(5, TimeUnit.SECONDS);
                    return p.decide("payment", s -> s.isCanary("1.1.0"), SharedPolicy.rolledBack("1.1.0",
                            "error rate", true, p.node()));
                }));
            }
            int winners = 0;
            String winner = null;
            for (int i = 0; i < won.size(); i++) {
                if (won.get(i).get(10, TimeUnit.SECONDS)) {
                    winners++;
                    winner = three.get(i).node();
                }
            }
            pool.shutdown();
            assertEquals(1, winners, "round " + round);
            SharedPolicy stored = SharedPolicy.decode(store.get("payment").text());
            assertEquals(SharedPolicy.rolledBack("1.1.0", "error rate", true, winner), stored);
        }
    }

    @Test
    void nothingIsDecidedWhenTheStateMovedOn() throws Exception {
        ClusterPolicy a = node("node-a");
        assertFalse(a.decide("payment", s -> s.isCanary("1.1.0"), SharedPolicy.rolledBack("1.1.0", "x", true,
                "node-a")), "no state at all");
        store.put("payment", SharedPolicy.promoted("1.1.0", "node-b").encode());
        assertFalse(a.decide("payment", s -> s.isCanary("1.1.0"), SharedPolicy.rolledBack("1.1.0", "x", true,
                "node-a")));
        assertEquals(SharedPolicy.promoted("1.1.0", "node-b"), SharedPolicy.decode(store.get("payment").text()));
    }

    @Test
    void anOperatorsWriteIsTriedAgainWhenAnotherNodeWroteInBetween() throws Exception {
        ReleaseStore base = store.node("node-a");
        int[] raced = {0};
        ReleaseStore racing = new ReleaseStore() {
            @Override
            public String node() {
                return "node-a";
            }

            @Override
            public Entry read(String plugin) throws IOException {
                Entry e = base.read(plugin);
                if (raced[0]++ < 2) {
                    store.put(plugin, SharedPolicy.canary("1.1.0", 50 + raced[0], "node-b").encode());
                }
                return e;
            }

            @Override
            public java.util.OptionalInt compareAndSet(String plugin, int expected, String text) throws IOException {
                return base.compareAndSet(plugin, expected, text);
            }

            @Override
            public java.io.Closeable watch(Listener listener) throws IOException {
                return base.watch(listener);
            }
        };
        ClusterPolicy a = new ClusterPolicy(racing, (p, s, r) -> { }, stub(Logger.class));
        nodes.add(a);
        a.publish("payment", SharedPolicy.rolledBack("1.1.0", "by hand", false, "node-a"));
        assertEquals(3, raced[0], "read three times: twice another node wrote in between");
        assertEquals(SharedPolicy.rolledBack("1.1.0", "by hand", false, "node-a"),
                SharedPolicy.decode(store.get("payment").text()));
    }

    @Test
    void aStoreThatCannotBeReachedFailsTheOperationWithWhy() throws Exception {
        ClusterPolicy a = node("node-a");
        store.down(true);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> a.publish("payment", SharedPolicy.canary("1.1.0", 10, "node-a")));
        assertTrue(e.getMessage().contains("cannot be read: connection lost"), e.getMessage());
    }

    @Test
    void aStateThisNodeCannotReadIsLeftAloneAndLaterStatesStillApply() throws Exception {
        node("node-a");
        store.put("payment", "format=9\nstate=TELEPORTED\n");
        store.put("payment", SharedPolicy.canary("1.1.0", 10, "node-b").encode());
        Applied got = next(applied.get(0));
        assertEquals(SharedPolicy.canary("1.1.0", 10, "node-b"), got.state());
        assertNull(applied.get(0).poll(), "the unreadable state was handed on");
    }
}
