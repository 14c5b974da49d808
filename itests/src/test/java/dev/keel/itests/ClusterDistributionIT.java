package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;

import dev.keel.itests.KeelProcess.Result;

/**
 * Two nodes from the assembled distribution, a ZooKeeper server and a PostgreSQL server, all started by the test
 * on loopback ports (no network namespaces: each node is a process on 127.0.0.1 with ports of its own). Node A runs
 * user and order, node B only payment ({@code keel.cluster} on, the other plugins' jars taken out of each node's
 * {@code deploy/}); both share one database. An order placed on A is charged by payment on B through the governed
 * proxy (B's call meters count it, A's count a call to the provider on node-b); {@code kill -9} of B makes A's
 * charges fail fast; B restarted, A's orders are paid again.
 */
public class ClusterDistributionIT {

    private static final Duration JOIN = Duration.ofSeconds(90);

    @Test
    public void anOrderOnNodeAIsChargedByPaymentOnNodeB() throws Exception {
        Postgres pg = Postgres.shared();
        String url = pg.newDatabase("cluster");
        System.out.println("cluster test: loopback ports (no network namespaces)");
        try (ZooKeeperProcess zk = ZooKeeperProcess.start();
                KeelProcess b = ClusterNodes.node("node-b", zk, pg, url, "user-bundle", "order-bundle");
                KeelProcess a = ClusterNodes.node("node-a", zk, pg, url, "payment-bundle")) {
            ClusterNodes.start(b);
            ClusterNodes.start(a);
            Api api = a.api();
            Api.Reply user = api.post("/api/user/users", Map.of("name", "Ada", "email", "ada@example.com",
                    "password", Customers.PASSWORD));
            assertEquals(user.toString(), 201, user.status());
            String userId = user.json().get("id").asText();

            // A's order plugin started on B's payment; its first charge may wait for the import to settle
            Api.Reply order = awaitPaid(api, userId, a);
            String paymentId = order.json().get("paymentId").asText();
            Api.Reply payment = b.api().get("/api/payment/payments/" + paymentId);
            assertEquals("B serves the payment it took: " + payment, 200, payment.status());
            assertEquals(order.json().get("total").asLong(), payment.json().get("amount").asLong());
            assertEquals("A runs no payment plugin", 404, api.get("/api/payment/payments/" + paymentId).status());

            long onB = charges(b, v -> !v.contains("@"));
            long fromA = charges(a, v -> v.endsWith("@node-b"));
            System.out.printf("cluster: charges governed on node-b %d, calls from node-a to payment@node-b %d%n", onB,
                    fromA);
            assertTrue("B's meters count the charge governed on B: " + onB, onB >= 1);
            assertTrue("A's meters count its call to the provider on node-b: " + fromA, fromA >= 1);

            // node loss: kill -9 of B; A's charges fail fast (503) instead of hanging
            long jvm = b.pid().orElseThrow(() -> new AssertionError("no data/keel.pid on B"));
            ProcessHandle.of(jvm).ifPresent(ProcessHandle::destroyForcibly);
            long killed = System.nanoTime();
            AtomicReference<Api.Reply> last = new AtomicReference<>();
            Await.until("A's orders fail fast once B is gone", JOIN, () -> {
                long t0 = System.nanoTime();
                Api.Reply r = place(api, userId);
                last.set(r);
                return r.status() == 503 && System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos()
                        && r.raw().body().contains("no ACTIVE provider");
            }, last::get);
            System.out.printf("cluster: kill -9 of node-b -> A sees no provider after %d ms%n",
                    (System.nanoTime() - killed) / 1_000_000);

            // rejoin: B restarted, A imports it again
            long restarted = System.nanoTime();
            ClusterNodes.start(b);
            awaitPaid(api, userId, a);
            System.out.printf("cluster: node-b restarted -> A's orders paid again after %d ms%n",
                    (System.nanoTime() - restarted) / 1_000_000);

            Result stopA = a.command("stop");
            assertEquals(stopA.toString(), 0, stopA.exit());
            Result stopB = b.command("stop");
            assertEquals(stopB.toString(), 0, stopB.exit());
        }
    }

    private static Api.Reply awaitPaid(Api api, String userId, KeelProcess a) {
        AtomicReference<Api.Reply> last = new AtomicReference<>();
        Await.until("an order on node-a is PAID", JOIN, () -> {
            Api.Reply r = place(api, userId);
            last.set(r);
            return r.status() == 201 && "PAID".equals(r.json().get("status").asText());
        }, () -> last.get() + "\n" + a.log());
        return last.get();
    }

    private static Api.Reply place(Api api, String userId) {
        try {
            return api.post("/api/order/orders", Map.of("userId", userId, "currency", "EUR",
                    "items", List.of(Map.of("sku", "A-1", "quantity", 2, "unitPrice", 1250))));
        } catch (UncheckedIOException e) {
            throw new AssertionError("node-a does not answer", e);
        }
    }

    /** The count of governed PaymentService.charge calls on a node whose version label matches. */
    private static long charges(KeelProcess keel, java.util.function.Predicate<String> version) {
        HttpResponse<String> metrics = keel.get("/metrics");
        assertEquals(200, metrics.statusCode());
        long sum = 0;
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith("keel_service_call_duration_seconds_count{")
                    && line.contains("contract=\"PaymentService\"") && line.contains("method=\"charge\"")) {
                int v = line.indexOf("version=\"") + 9;
                String label = line.substring(v, line.indexOf('"', v));
                if (version.test(label)) {
                    sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return sum;
    }
}
