package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
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
        System.out.println("cluster test: loopback ports (no network namespaces)");
        try (ClusterNodes.PaymentApart nodes = ClusterNodes.PaymentApart.start("cluster")) {
            KeelProcess a = nodes.a();
            KeelProcess b = nodes.b();
            Api api = a.api();
            String userId = ClusterNodes.customer(api);

            // A's order plugin started on B's payment; its first charge may wait for the import to settle
            Api.Reply order = ClusterNodes.awaitPaid(api, userId, a, JOIN);
            String paymentId = order.json().get("paymentId").asText();
            Api.Reply payment = b.api().get("/api/payment/payments/" + paymentId);
            assertEquals("B serves the payment it took: " + payment, 200, payment.status());
            assertEquals(order.json().get("total").asLong(), payment.json().get("amount").asLong());
            assertEquals("A runs no payment plugin", 404, api.get("/api/payment/payments/" + paymentId).status());

            long onB = ClusterNodes.charges(b, v -> !v.contains("@"));
            long fromA = ClusterNodes.charges(a, v -> v.endsWith("@node-b"));
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
                Api.Reply r = ClusterNodes.place(api, userId);
                last.set(r);
                return r.status() == 503 && System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos()
                        && r.raw().body().contains("no ACTIVE provider");
            }, last::get);
            System.out.printf("cluster: kill -9 of node-b -> A sees no provider after %d ms%n",
                    (System.nanoTime() - killed) / 1_000_000);

            // rejoin: B restarted, A imports it again
            long restarted = System.nanoTime();
            ClusterNodes.start(b);
            ClusterNodes.awaitPaid(api, userId, a, JOIN);
            System.out.printf("cluster: node-b restarted -> A's orders paid again after %d ms%n",
                    (System.nanoTime() - restarted) / 1_000_000);

            Result stopA = a.command("stop");
            assertEquals(stopA.toString(), 0, stopA.exit());
            Result stopB = b.command("stop");
            assertEquals(stopB.toString(), 0, stopB.exit());
        }
    }
}
