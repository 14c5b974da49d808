package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.keel.itests.KeelProcess.Result;
import dev.keel.itests.fixture.seen.SeenEvents;

/**
 * Three nodes from the assembled distribution, with a ZooKeeper and a PostgreSQL server, all started by the test on
 * loopback ports (no network namespaces). Placement: order only on node A, payment only on node B, user only on
 * node C, which also runs a fixture handler that writes down every order event it is given. An order placed on A
 * is charged through B, and the user's totals kept on C follow: A's order events reach C through the shared
 * database. Then B takes user too, C gets {@code kill -9} while orders are placed on A, and C is restarted: every
 * order event published meanwhile reaches C's handlers at least once, and the user's totals (de-duplicated by the
 * user plugin) count each acknowledged order exactly once.
 */
public class ClusterEventsDistributionIT {

    private static final Duration JOIN = Duration.ofSeconds(120);
    private static final Duration CATCH_UP = Duration.ofSeconds(90);
    private static final int BEFORE_KILL = 3;
    private static final int DURING_KILL = 15;
    private static final long UNIT_PRICE = 1250;
    private static final String PLACED = "keel/order/PLACED";
    private static final String PAID = "keel/order/PAID";

    @Test
    public void orderEventsFromNodeAReachNodeCAndSurviveItsKill() throws Exception {
        Postgres pg = Postgres.shared();
        String url = pg.newDatabase("cluster_events");
        System.out.println("cluster events test: loopback ports (no network namespaces)");
        try (ZooKeeperProcess zk = ZooKeeperProcess.start();
                KeelProcess b = ClusterNodes.node("node-b", zk, pg, url, "user-bundle", "order-bundle");
                KeelProcess c = ClusterNodes.node("node-c", zk, pg, url, "order-bundle", "payment-bundle");
                KeelProcess a = ClusterNodes.node("node-a", zk, pg, url, "user-bundle", "payment-bundle")) {
            Path userJar = onlyJar(c.home().resolve("deploy"), "user-bundle");
            Files.copy(FixtureBundles.seenEvents(), c.home().resolve("deploy/seen-events.jar"));
            ClusterNodes.start(b);
            ClusterNodes.start(c);
            ClusterNodes.start(a);

            Api.Reply user = c.api().post("/api/user/users", Map.of("name", "Ada", "email", "ada@example.com",
                    "password", Customers.PASSWORD));
            assertEquals(user.toString(), 201, user.status());
            String userId = user.json().get("id").asText();
            Api onA = a.api();
            List<String> acknowledged = new ArrayList<>();

            // three-node placement: placed on A, charged through B, the user checked and counted on C
            AtomicReference<Api.Reply> last = new AtomicReference<>();
            while (acknowledged.size() < BEFORE_KILL) {
                Await.until("an order on node-a is PAID", JOIN, () -> {
                    Api.Reply r = place(onA, userId);
                    last.set(r);
                    return paid(r);
                }, () -> last.get() + "\n" + a.log());
                acknowledged.add(last.get().json().get("id").asText());
            }
            String paymentId = last.get().json().get("paymentId").asText();
            assertEquals("B serves the payment it took", 200, b.api().get("/api/payment/payments/" + paymentId)
                    .status());
            long started = System.nanoTime();
            Api onC = c.api();
            awaitTotals(onC, userId, acknowledged.size(), c);
            System.out.printf("cluster events: %d orders on node-a in the user's totals on node-c after %d ms%n",
                    acknowledged.size(), (System.nanoTime() - started) / 1_000_000);
            awaitSeen(c, acknowledged);

            // B serves user too, so A can still place orders while C is gone
            Files.copy(userJar, b.home().resolve("deploy").resolve(userJar.getFileName()));
            Await.until("node-b serves user", JOIN, () -> b.api().get("/api/user/users/" + userId).status() == 200,
                    b::log);

            Queue<String> during = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> broken = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        Api.Reply r = place(onA, userId);
                        if (paid(r)) {
                            during.add(r.json().get("id").asText());
                        } else {
                            Thread.sleep(20); // the writer's pace while node-a fails over: it does not spin
                        }
                    }
                } catch (RuntimeException | AssertionError e) {
                    broken.set(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "orders-on-a");
            writer.start();
            try {
                Await.until("orders flow on node-a before the kill", JOIN, () -> during.size() >= 2 || broken.get() != null,
                        a::log);
                long jvm = c.pid().orElseThrow(() -> new AssertionError("no data/keel.pid on C"));
                ProcessHandle.of(jvm).ifPresent(ProcessHandle::destroyForcibly);
                Await.until("C is gone", Duration.ofSeconds(30), () -> ProcessHandle.of(jvm).isEmpty()
                        || !ProcessHandle.of(jvm).get().isAlive());
                int atKill = during.size();
                Await.until(DURING_KILL + " orders acknowledged on node-a while node-c is down", JOIN,
                        () -> during.size() >= atKill + DURING_KILL || broken.get() != null, a::log);
            } finally {
                stop.set(true);
                writer.join(Duration.ofSeconds(60).toMillis());
            }
            if (broken.get() != null) {
                throw new AssertionError("the writer on node-a stopped", broken.get());
            }
            acknowledged.addAll(during);

            long restarted = System.nanoTime();
            ClusterNodes.start(c);
            Map<String, Integer> deliveries = awaitSeen(c, acknowledged);
            System.out.printf("cluster events: node-c restarted -> all %d orders' PLACED and PAID seen on node-c "
                    + "after %d ms%n", acknowledged.size(), (System.nanoTime() - restarted) / 1_000_000);
            long repeated = deliveries.values().stream().filter(n -> n > 1).count();
            System.out.printf("cluster events: %d events on node-c, %d of them delivered more than once%n",
                    deliveries.size(), repeated);
            awaitTotals(c.api(), userId, acknowledged.size(), c);

            for (KeelProcess node : List.of(a, b, c)) {
                Result stopped = node.command("stop");
                assertEquals(stopped.toString(), 0, stopped.exit());
            }
        }
    }

    private static Path onlyJar(Path deploy, String prefix) throws IOException {
        try (Stream<Path> jars = Files.list(deploy)) {
            return jars.filter(j -> j.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + prefix + " in " + deploy));
        }
    }

    private static boolean paid(Api.Reply r) {
        return r.status() == 201 && "PAID".equals(r.json().get("status").asText());
    }

    private static Api.Reply place(Api api, String userId) {
        try {
            return api.post("/api/order/orders", Map.of("userId", userId, "currency", "EUR",
                    "items", List.of(Map.of("sku", "A-1", "quantity", 2, "unitPrice", UNIT_PRICE))));
        } catch (UncheckedIOException e) {
            throw new AssertionError("node-a does not answer", e);
        }
    }

    /** Waits until the user's totals on a node count the acknowledged orders, each once. */
    private static void awaitTotals(Api api, String userId, int orders, KeelProcess node) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        Await.until("the user's totals count " + orders + " orders", CATCH_UP, () -> {
            Api.Reply r = api.get("/api/user/users/" + userId);
            last.set(r.json());
            return r.status() == 200 && r.json().path("totals").path("EUR").asLong() >= orders * 2 * UNIT_PRICE;
        }, () -> last.get() + "\n" + node.log());
        // each acknowledged order is PAID: counted once, however often its events came
        assertEquals("paid total: " + last.get(), orders * 2 * UNIT_PRICE, last.get().path("totals").path("EUR")
                .asLong());
        assertTrue("orders counted: " + last.get(), last.get().path("orderCount").asLong() >= orders);
    }

    /** Waits until the fixture on {@code node} has seen PLACED and PAID of every order; the deliveries per event. */
    private static Map<String, Integer> awaitSeen(KeelProcess node, List<String> orders) {
        AtomicReference<Map<String, Integer>> seen = new AtomicReference<>(Map.of());
        AtomicReference<List<String>> missing = new AtomicReference<>(List.of());
        Await.until("node-c's handler has seen every order event", CATCH_UP, () -> {
            seen.set(seen(node.home().resolve(SeenEvents.FILE)));
            List<String> left = new ArrayList<>();
            for (String o : orders) {
                for (String topic : List.of(PLACED, PAID)) {
                    if (!seen.get().containsKey(topic + " " + o)) {
                        left.add(topic + " " + o);
                    }
                }
            }
            missing.set(left);
            return left.isEmpty();
        }, () -> "missing " + missing.get() + "\n" + node.log());
        return seen.get();
    }

    private static Map<String, Integer> seen(Path file) {
        Map<String, Integer> count = new HashMap<>();
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    String[] f = line.split(" ");
                    if (f.length == 4) {
                        assertEquals("relayed from node-a: " + line, "node-a", f[3]);
                        count.merge(f[0] + " " + f[1], 1, Integer::sum);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count;
    }
}
