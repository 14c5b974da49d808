package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.keel.itests.KeelProcess.Result;

/**
 * One release policy for a cluster: three nodes from the assembled distribution, every plugin on each, with a
 * ZooKeeper and a PostgreSQL server, all started by the test on loopback ports (no network namespaces). Payment
 * 1.1.0 from {@code examples/} is installed beside 1.0.0 on every node; a 10% canary set on node A shows on B and C
 * within a bounded time (the time it took is printed); 2,000 users spread over the nodes get 10% +- 3% of the
 * canary, and each user is served the same version by every node (the {@code X-Payment-Version} header). A
 * rollback through {@code /admin} on C removes 1.1.0 from every node; installed again, a canary set on B and a
 * promote on A leave only 1.1.0 on every node.
 */
public class ClusterReleaseDistributionIT {

    /** The bound for a change on one node to show on all (what it took is printed: the aim is under a second). */
    private static final Duration SPREAD = Duration.ofSeconds(20);
    private static final int USERS = 2000;
    private static final String NEXT = "1.1.0.";
    private static final String OLD = "1.0.0.";
    /** The payment every node is asked for. */
    private static String payment;
    /** One logged-in client per node. */
    private static final Map<KeelProcess, Api> APIS = new java.util.concurrent.ConcurrentHashMap<>();

    @Test
    public void aCanaryPromoteAndRollbackOnOneNodeApplyOnEveryNode() throws Exception {
        Postgres pg = Postgres.shared();
        String url = pg.newDatabase("cluster_release");
        System.out.println("cluster release test: loopback ports (no network namespaces)");
        try (ZooKeeperProcess zk = ZooKeeperProcess.start();
                KeelProcess a = ClusterNodes.node("node-a", zk, pg, url);
                KeelProcess b = ClusterNodes.node("node-b", zk, pg, url);
                KeelProcess c = ClusterNodes.node("node-c", zk, pg, url)) {
            List<KeelProcess> nodes = List.of(a, b, c);
            for (KeelProcess n : nodes) {
                ClusterNodes.start(n);
            }
            installNext(nodes);
            // one payment in the shared database, which every node reads: its answer names the serving version
            Api.Reply paid = api(a).post("/api/payment/payments", Map.of("orderId", "o-1", "amount", 10_000,
                    "currency", "EUR"), Map.of("Idempotency-Key", java.util.UUID.randomUUID().toString()));
            assertEquals(paid.toString(), 201, paid.status());
            payment = paid.json().get("id").asText();

            // a canary set on A: every node sends the same 10% of users to 1.1.0
            Result canary = a.command("client", "keel:canary", "payment", "1.1.0", "10");
            assertEquals(canary.toString(), 0, canary.exit());
            assertTrue(canary.stdout(), canary.stdout().contains("on every node of the cluster"));
            spread("the canary set on node-a", nodes, n -> splitIs(n, "1.1.0", 10));

            int onCanary = 0;
            List<String> versions = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                String v = version(nodes.get(i % nodes.size()), "user-" + i);
                versions.add(v);
                onCanary += v.startsWith(NEXT) ? 1 : 0;
            }
            System.out.printf("cluster release: %d of %d users (%.1f%%) on the canary, asked over 3 nodes%n",
                    onCanary, USERS, 100.0 * onCanary / USERS);
            assertTrue("canary share " + onCanary + " of " + USERS, onCanary >= USERS * 7 / 100
                    && onCanary <= USERS * 13 / 100);
            for (int i = 0; i < USERS; i++) {
                for (KeelProcess n : nodes) {
                    assertEquals("user-" + i + " on " + n.home().getFileName(), versions.get(i),
                            version(n, "user-" + i));
                }
            }

            // rollback through /admin on C: 1.1.0 leaves every node
            Api.Reply back = api(c).post("/admin/releases/payment/rollback", Map.of());
            assertEquals(back.toString(), 200, back.status());
            spread("the rollback on node-c", nodes, n -> onlyVersion(n, OLD));
            for (KeelProcess n : nodes) {
                assertTrue(version(n, "user-1").startsWith(OLD));
            }

            // again, then a canary on B and a promote on A: 1.0.0 leaves every node
            installNext(nodes);
            Result half = b.command("client", "keel:canary", "payment", "1.1.0", "50");
            assertEquals(half.toString(), 0, half.exit());
            spread("the canary set on node-b", nodes, n -> splitIs(n, "1.1.0", 50));
            Result promote = a.command("client", "keel:promote", "payment");
            assertEquals(promote.toString(), 0, promote.exit());
            assertTrue(promote.stdout(), promote.stdout().contains("promoted"));
            spread("the promote on node-a", nodes, n -> onlyVersion(n, NEXT));
            for (KeelProcess n : nodes) {
                for (int i = 0; i < 20; i++) {
                    assertTrue(version(n, "user-" + i).startsWith(NEXT));
                }
            }

            for (KeelProcess n : nodes) {
                Result stop = n.command("stop");
                assertEquals(stop.toString(), 0, stop.exit());
            }
        }
    }

    /**
     * Two nodes whose payment 1.1.0 fails every call ({@code keel.faults}), a 50% canary set on A, users on both
     * nodes: the canary's error rate passes the bound on both, one node decides the rollback (its log says so
     * without "decided on"), the other applies it ("decided on node-x"), and 1.1.0 leaves both.
     */
    @Test
    public void anAutomaticRollbackIsDecidedOnceForTheCluster() throws Exception {
        Postgres pg = Postgres.shared();
        String url = pg.newDatabase("cluster_rollback");
        try (ZooKeeperProcess zk = ZooKeeperProcess.start();
                KeelProcess a = ClusterNodes.node("node-a", zk, pg, url);
                KeelProcess b = ClusterNodes.node("node-b", zk, pg, url)) {
            List<KeelProcess> nodes = List.of(a, b);
            for (KeelProcess n : nodes) {
                java.nio.file.Files.writeString(n.home().resolve("etc/keel.faults.cfg"),
                        "failure.rate.payment@1.1.0 = 1\n");
                ClusterNodes.start(n);
            }
            installNext(nodes);
            Api.Reply paid = api(a).post("/api/payment/payments", Map.of("orderId", "o-2", "amount", 10_000,
                    "currency", "EUR"), Map.of("Idempotency-Key", java.util.UUID.randomUUID().toString()));
            assertEquals(paid.toString(), 201, paid.status());
            String id = paid.json().get("id").asText();
            Result canary = a.command("client", "keel:canary", "payment", "1.1.0", "50");
            assertEquals(canary.toString(), 0, canary.exit());
            spread("the canary set on node-a", nodes, n -> splitIs(n, "1.1.0", 50));

            int failed = 0;
            for (int i = 0; i < 80 && !nodes.stream().allMatch(n -> onlyVersion(n, OLD)); i++) {
                for (KeelProcess n : nodes) {
                    Api.Reply r = api(n).get("/api/payment/payments/" + id, Map.of("X-User-Id", "auto-" + i));
                    failed += r.status() >= 500 ? 1 : 0;
                }
            }
            System.out.printf("cluster release: %d failed canary requests before the automatic rollback%n", failed);
            spread("the automatic rollback", nodes, n -> onlyVersion(n, OLD));
            int deciders = 0;
            int followers = 0;
            for (KeelProcess n : nodes) {
                for (String line : n.log().split("\n")) {
                    if (line.contains("rolled back automatically: error rate")) {
                        if (line.contains("(decided on node-")) {
                            followers++;
                        } else {
                            deciders++;
                        }
                    }
                }
            }
            assertEquals("nodes that decided the rollback\n" + a.log() + "\n" + b.log(), 1, deciders);
            assertEquals("nodes that applied another node's decision", 1, followers);
            for (KeelProcess n : nodes) {
                Result stop = n.command("stop");
                assertEquals(stop.toString(), 0, stop.exit());
            }
        }
    }

    /** Installs payment 1.1.0 from {@code examples/} on every node and waits until each runs it ACTIVE. */
    private static void installNext(List<KeelProcess> nodes) throws Exception {
        for (KeelProcess n : nodes) {
            Result install = n.command("client", "keel:install", "examples/payment-bundle-next.jar");
            assertEquals(install.toString(), 0, install.exit());
        }
        for (KeelProcess n : nodes) {
            Await.until("payment 1.1.0 ACTIVE on " + n.home().getFileName(), SPREAD,
                    () -> versions(n).stream().anyMatch(v -> v.path("version").asText().startsWith(NEXT)
                            && v.path("state").asText().equals("ACTIVE")), () -> releases(n));
        }
    }

    /** Waits until every node shows the change, and prints how long after the command that took. */
    private static void spread(String what, List<KeelProcess> nodes, Predicate<KeelProcess> shows) {
        long t0 = System.nanoTime();
        for (KeelProcess n : nodes) {
            Await.until(what + " on " + n.home().getFileName(), SPREAD, () -> shows.test(n), () -> releases(n));
        }
        System.out.printf("cluster release: %s showed on every node %d ms after the command returned%n", what,
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** The payment version that serves {@code user} on a node. */
    private static String version(KeelProcess n, String user) {
        Api.Reply r = api(n).get("/api/payment/payments/" + payment, Map.of("X-User-Id", user));
        String v = r.header("X-Payment-Version");
        if (v == null) {
            throw new AssertionError("no X-Payment-Version: " + r);
        }
        return v;
    }

    private static Api api(KeelProcess n) {
        return APIS.computeIfAbsent(n, KeelProcess::api);
    }

    private static boolean splitIs(KeelProcess n, String canary, int weight) {
        JsonNode p = payment(n);
        return p != null && canary.equals(p.path("canary").asText()) && p.path("weight").asInt() == weight;
    }

    private static boolean onlyVersion(KeelProcess n, String prefix) {
        JsonNode p = payment(n);
        List<JsonNode> v = versions(n);
        return p != null && p.path("canary").isNull() && v.size() == 1
                && v.get(0).path("version").asText().startsWith(prefix);
    }

    private static List<JsonNode> versions(KeelProcess n) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode p = payment(n);
        if (p != null) {
            p.path("versions").forEach(out::add);
        }
        return out;
    }

    private static JsonNode payment(KeelProcess n) {
        for (JsonNode p : releases(n)) {
            if (p.path("plugin").asText().equals("payment")) {
                return p;
            }
        }
        return null;
    }

    private static JsonNode releases(KeelProcess n) {
        Api.Reply r = api(n).get("/admin/releases");
        assertEquals(r.toString(), 200, r.status());
        return r.json();
    }
}
