package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.keel.itests.KeelProcess.Result;

/**
 * An acknowledged write survives {@code kill -9}: the assembled distribution
 * runs as a process; a few writer threads register users and place orders
 * (each paid through the payment plugin); in the middle of that stream the
 * framework JVM (the pid in {@code data/keel.pid}, not {@code bin/keel}'s
 * shell) gets SIGKILL; after a restart every user, order and payment that was
 * answered 201 is there. On embedded H2 and on PostgreSQL (whose server is
 * crashed too: {@code pg_ctl stop -m immediate}).
 */
public class CrashDistributionIT {

    private static final int WRITERS = 3;
    /** Acknowledged registrations before the kill: enough for a stream, little enough for CI's budget. */
    private static final int BEFORE_KILL = 300;

    private record Order(String userId, String orderId, String paymentId) {
    }

    @Test
    public void everyAcknowledgedWriteSurvivesKill9OnEmbeddedH2() throws Exception {
        crashAndCheck("H2", null, null);
    }

    @Test
    public void everyAcknowledgedWriteSurvivesKill9OnPostgres() throws Exception {
        Postgres pg = Postgres.shared();
        crashAndCheck("PostgreSQL", pg, pg.newDatabase("crash"));
    }

    private void crashAndCheck(String db, Postgres pg, String url) throws Exception {
        try (KeelProcess keel = KeelProcess.copyOfDistribution()) {
            if (pg != null) {
                Files.writeString(keel.home().resolve("etc/keel.storage.cfg"), pg.storageConfig(url));
            }
            Result start = keel.command("start");
            assertEquals(start.toString(), 0, start.exit());
            long jvm = keel.pid().orElseThrow(() -> new AssertionError("no data/keel.pid"));
            assertTrue("data/keel.pid names the framework JVM", ProcessHandle.of(jvm).flatMap(p -> p.info().command())
                    .map(c -> c.endsWith("java")).orElse(false));
            Api api = keel.api();

            Queue<String[]> users = new ConcurrentLinkedQueue<>();
            Queue<Order> orders = new ConcurrentLinkedQueue<>();
            AtomicBoolean dead = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                Thread t = new Thread(() -> write(api, writer, users, orders, dead), "writer-" + w);
                writers.add(t);
                t.start();
            }
            Await.until(BEFORE_KILL + " registrations acknowledged", Duration.ofSeconds(120),
                    () -> users.size() >= BEFORE_KILL || writers.stream().noneMatch(Thread::isAlive), keel::log);
            ProcessHandle.of(jvm).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL, mid-stream
            dead.set(true);
            for (Thread t : writers) {
                t.join(60_000);
            }
            Await.until("the JVM is gone", () -> ProcessHandle.of(jvm).map(p -> !p.isAlive()).orElse(true));
            if (pg != null) {
                pg.crash();
                pg.start();
            }

            start = keel.command("start");
            assertEquals(start.toString(), 0, start.exit());
            Await.until("the business plugins answer", Duration.ofSeconds(60),
                    () -> status(api, "/health/ready") == 200, keel::log);
            if (pg == null) { // the kernel scanned the file H2's own recovery could have cut short (EmbeddedH2Recovery)
                assertTrue(keel.log(), keel.log().contains("recovered keel.mv.db after an unclean stop by a full scan"));
            }
            List<String> missing = new ArrayList<>();
            for (String[] u : users) {
                Api.Reply r = api.get("/api/user/users/" + u[0]);
                if (r.status() != 200 || !u[1].equals(r.json().get("email").asText())) {
                    missing.add("user " + u[0] + " " + u[1] + ": " + r);
                }
            }
            int notInTotals = 0;
            Map<String, Long> paid = new java.util.HashMap<>();
            for (Order o : orders) {
                Api.Reply r = api.get("/api/order/orders/" + o.orderId());
                if (r.status() != 200 || !"PAID".equals(r.json().get("status").asText())) {
                    missing.add("order " + o.orderId() + ": " + r);
                } else {
                    paid.merge(o.userId(), r.json().get("total").asLong(), Long::sum);
                }
                Api.Reply p = api.get("/api/payment/payments/" + o.paymentId());
                if (p.status() != 200) {
                    missing.add("payment " + o.paymentId() + ": " + p);
                }
            }
            for (String[] u : users) {
                long placed = orders.stream().filter(o -> o.userId().equals(u[0])).count();
                JsonNode user = api.get("/api/user/users/" + u[0]).json();
                if (user != null && user.path("orderCount").asLong() < placed) {
                    notInTotals += placed - user.path("orderCount").asLong();
                } else if (user != null && user.path("totals").path("EUR").asLong() < paid.getOrDefault(u[0], 0L)) {
                    notInTotals++; // placed counted, PAID not (yet) in the paid total
                }
            }
            System.out.printf("crash on %s: acknowledged %d users, %d orders (%d payments); missing after restart: %d;"
                    + " PAID orders not yet in their user's totals: %d%n", db, users.size(), orders.size(), orders.size(),
                    missing.size(), notInTotals);
            assertTrue(db + ": a stream of writes before the kill (" + users.size() + ")", users.size() >= BEFORE_KILL);
            assertEquals(db + ": acknowledged but missing after kill -9 (of " + users.size() + " users, " + orders.size()
                    + " orders): " + missing.subList(0, Math.min(10, missing.size())), 0, missing.size());

            // the transactional outbox: an order's events commit with the order and are delivered at least once
            assertEquals(db + ": PAID orders not in their user's totals after kill -9", 0, notInTotals);

            Result stop = keel.command("stop");
            assertEquals(stop.toString(), 0, stop.exit());
        }
    }

    /**
     * Registers a user (with a password: hashed, a slow KDF), places an order
     * for them as the test operator (no login per user); until the JVM is
     * dead. Only 201s are recorded.
     */
    private static void write(Api api, int writer, Queue<String[]> users, Queue<Order> orders, AtomicBoolean dead) {
        for (int i = 0; !dead.get(); i++) {
            try {
                String email = "w" + writer + "-" + i + "@example.com";
                Api.Reply user = api.post("/api/user/users", Map.of("name", "Writer " + writer, "email", email,
                        "password", Customers.PASSWORD));
                if (user.status() != 201) {
                    continue;
                }
                String userId = user.json().get("id").asText();
                users.add(new String[] {userId, email});
                Api.Reply order = api.post("/api/order/orders", Map.of("userId", userId, "currency", "EUR",
                        "items", List.of(Map.of("sku", "A-" + i, "quantity", 1, "unitPrice", 100 + i))));
                if (order.status() == 201) {
                    orders.add(new Order(userId, order.json().get("id").asText(), order.json().get("paymentId").asText()));
                }
            } catch (UncheckedIOException refused) {
                // the JVM is gone (or going): nothing was acknowledged
            }
        }
    }

    private static int status(Api api, String path) {
        try {
            return api.get(path).status();
        } catch (UncheckedIOException notYet) {
            return -1;
        }
    }
}
