package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;

import dev.keel.itests.KeelProcess.Result;

/**
 * A network partition under load. Three nodes from the assembled distribution, each in a network namespace of the
 * test's own ({@link TestHosts}: its own address, a veth pair to the test's bridge, where ZooKeeper and PostgreSQL
 * listen): node A runs user and order, nodes B and C each run payment. Two clients place orders on A without pause;
 * A's charges go to one payment node, X. X is cut off the network (its link goes down: its packets are dropped, as
 * when a switch port or a host's network dies). A's charges go to the other payment node once X's ZooKeeper session
 * expires; the failover time is printed. X's link comes back; X rejoins: with the other payment node stopped, A's
 * orders are paid by X again. Meanwhile A answers every order 201 PAID or 503 (never 500, never no answer), and
 * every order answered 201 is there, PAID, at the end. Without namespaces (not root) the hosts are loopback ports and
 * X's JVM is frozen (SIGSTOP) instead of cut off; the test says which in its output.
 */
public class ClusterPartitionDistributionIT {

    private static final Duration JOIN = Duration.ofSeconds(120);

    @Test
    public void aNodeCutOffIsFailedOverAndRejoinsWithNoAcknowledgedOrderLost() throws Exception {
        try (TestHosts hosts = TestHosts.create(3)) {
            System.out.println("partition test: " + hosts.describe());
            Postgres pg = hosts.isolated() ? Postgres.listeningOn(hosts.gateway(), hosts.range()) : Postgres.shared();
            try {
                run(hosts, pg);
            } finally {
                if (pg != Postgres.shared()) {
                    pg.stop();
                }
            }
        }
    }

    private static void run(TestHosts hosts, Postgres pg) throws Exception {
        String url = pg.newDatabase("partition", hosts.gateway());
        try (ZooKeeperProcess zk = ZooKeeperProcess.start(hosts.gateway());
                KeelProcess a = node("node-a", 1, hosts, zk, pg, url, "payment-bundle");
                KeelProcess b = node("node-b", 2, hosts, zk, pg, url, "user-bundle", "order-bundle");
                KeelProcess c = node("node-c", 3, hosts, zk, pg, url, "user-bundle", "order-bundle")) {
            ClusterNodes.start(b);
            ClusterNodes.start(c);
            ClusterNodes.start(a);
            Api api = a.api();
            Api.Reply user = api.post("/api/user/users", Map.of("name", "Ada", "email", "ada@example.com",
                    "password", Customers.PASSWORD));
            assertEquals(user.toString(), 201, user.status());
            String userId = user.json().get("id").asText();
            awaitPaid(api, userId, a);

            boolean onB = charges(a, "node-b") > 0;
            KeelProcess x = onB ? b : c;
            KeelProcess y = onB ? c : b;
            String xName = onB ? "node-b" : "node-c";
            String yName = onB ? "node-c" : "node-b";
            int xHost = onB ? 2 : 3;
            System.out.printf("partition test: node-a's charges go to %s; %s waits%n", xName, yName);

            ConcurrentLinkedQueue<Placed> placed = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Thread t = new Thread(() -> {
                    while (!stop.get()) {
                        placed.add(place(api, userId));
                    }
                }, "orders-" + i);
                t.start();
                clients.add(t);
            }
            try {
                long yBefore = charges(a, yName);
                long cut = System.nanoTime();
                partition(hosts, xHost, x, true);
                Await.until("node-a's charges go to " + yName + " after " + xName + " is cut off", JOIN,
                        () -> charges(a, yName) > yBefore, () -> statuses(placed) + "\n" + a.log());
                System.out.printf("partition test: %s cut off -> first charge through %s after %d ms%n", xName, yName,
                        (System.nanoTime() - cut) / 1_000_000);
                long served = paid(placed);
                Await.until("10 more orders paid through " + yName, JOIN, () -> paid(placed) >= served + 10,
                        () -> statuses(placed));

                long healed = System.nanoTime();
                partition(hosts, xHost, x, false);
                // X is back: once Y is gone, only X can charge
                Result stopY = y.command("stop");
                assertEquals(stopY.toString(), 0, stopY.exit());
                long xBefore = charges(a, xName);
                Await.until(xName + " charges node-a's orders again after it came back", JOIN,
                        () -> charges(a, xName) > xBefore, () -> statuses(placed) + "\n" + x.log());
                System.out.printf("partition test: %s back -> charging node-a's orders again after %d ms%n", xName,
                        (System.nanoTime() - healed) / 1_000_000);
            } finally {
                stop.set(true);
                for (Thread t : clients) {
                    t.join(Duration.ofSeconds(60).toMillis());
                }
            }

            System.out.println("partition test: node-a's answers " + statuses(placed));
            List<Placed> wrong = placed.stream()
                    .filter(p -> p.status() == 201 ? !"PAID".equals(p.state()) : p.status() != 503).toList();
            assertTrue("every order answered 201 PAID or 503, not: " + wrong, wrong.isEmpty());
            List<String> missing = new ArrayList<>();
            for (Placed p : placed) {
                if (p.status() == 201) {
                    Api.Reply r = api.get("/api/order/orders/" + p.orderId());
                    if (r.status() != 200 || !"PAID".equals(r.json().get("status").asText())) {
                        missing.add(p.orderId() + ": " + r);
                    }
                }
            }
            assertEquals("acknowledged orders not there, PAID, after the partition: " + missing, 0, missing.size());
            assertTrue("orders acknowledged during the test: " + paid(placed), paid(placed) >= 10);

            Result stopA = a.command("stop");
            assertEquals(stopA.toString(), 0, stopA.exit());
            Result stopX = x.command("stop");
            assertEquals(stopX.toString(), 0, stopX.exit());
        }
    }

    /** One order placed on node A: its HTTP status (-1: no answer); when acknowledged, its id and state. */
    private record Placed(int status, String orderId, String state) {
    }

    private static KeelProcess node(String id, int host, TestHosts hosts, ZooKeeperProcess zk, Postgres pg,
            String url, String... notHere) throws java.io.IOException {
        return ClusterNodes.node(id, hosts.address(host), zk, pg, url, notHere).on(hosts.address(host),
                hosts.launcher(host));
    }

    /** Cuts node {@code x} off (or back on); on loopback its JVM is frozen (SIGSTOP) and thawed (SIGCONT). */
    private static void partition(TestHosts hosts, int host, KeelProcess x, boolean off) throws Exception {
        if (hosts.isolated()) {
            if (off) {
                hosts.cut(host);
            } else {
                hosts.heal(host);
            }
            return;
        }
        long pid = x.pid().orElseThrow(() -> new AssertionError("no data/keel.pid"));
        Process kill = new ProcessBuilder("kill", off ? "-STOP" : "-CONT", String.valueOf(pid)).inheritIO().start();
        assertEquals("kill " + (off ? "-STOP " : "-CONT ") + pid, 0, kill.waitFor());
    }

    private static void awaitPaid(Api api, String userId, KeelProcess a) {
        AtomicReference<Placed> last = new AtomicReference<>();
        Await.until("an order on node-a is PAID", JOIN, () -> {
            Placed p = place(api, userId);
            last.set(p);
            return p.status() == 201;
        }, () -> last.get() + "\n" + a.log());
    }

    private static Placed place(Api api, String userId) {
        try {
            Api.Reply r = api.post("/api/order/orders", Map.of("userId", userId, "currency", "EUR",
                    "items", List.of(Map.of("sku", "A-1", "quantity", 1, "unitPrice", 990))));
            if (r.status() == 201) {
                return new Placed(201, r.json().get("id").asText(), r.json().get("status").asText());
            }
            return new Placed(r.status(), null, null);
        } catch (UncheckedIOException e) {
            return new Placed(-1, null, null);
        }
    }

    private static long paid(ConcurrentLinkedQueue<Placed> placed) {
        return placed.stream().filter(p -> p.status() == 201).count();
    }

    private static Map<Integer, Long> statuses(ConcurrentLinkedQueue<Placed> placed) {
        return placed.stream().collect(java.util.stream.Collectors.groupingBy(Placed::status,
                java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    }

    /** Node A's count of governed PaymentService.charge calls to the provider on {@code node}. */
    private static long charges(KeelProcess a, String node) {
        return ClusterNodes.charges(a, version -> version.endsWith("@" + node));
    }
}
