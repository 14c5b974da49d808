package dev.keel.itests;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;

import dev.keel.itests.KeelProcess.Result;

/** Nodes of a test cluster: copies of the distribution with {@code keel.cluster} on, all on one database. */
final class ClusterNodes {

    private ClusterNodes() {
    }

    /** A node {@code id} on ZooKeeper {@code zk} and database {@code url}, without the plugin jars named. */
    static KeelProcess node(String id, ZooKeeperProcess zk, Postgres pg, String url, String... notHere)
            throws IOException {
        return node(id, "127.0.0.1", zk, pg, url, notHere);
    }

    /** Like {@link #node(String, ZooKeeperProcess, Postgres, String, String...)}, its exports at {@code host}. */
    static KeelProcess node(String id, String host, ZooKeeperProcess zk, Postgres pg, String url, String... notHere)
            throws IOException {
        KeelProcess keel = KeelProcess.copyOfDistribution();
        Path home = keel.home();
        Files.writeString(home.resolve("etc/keel.storage.cfg"), pg.storageConfig(url));
        Files.writeString(home.resolve("etc/keel.cluster.cfg"), "enabled = true\nnode.id = " + id
                + "\nzookeeper = " + zk.address() + "\nhost = " + host + "\n");
        keys(home, id, host, zk);
        try (Stream<Path> jars = Files.list(home.resolve("deploy"))) {
            for (Path jar : jars.toList()) {
                String name = jar.getFileName().toString();
                if (Stream.of(notHere).anyMatch(name::startsWith)) {
                    Files.delete(jar);
                }
            }
        }
        return keel;
    }

    /**
     * The node's TLS keys in its {@code etc/cluster-tls} for {@code host}, signed by the CA of the test's cluster (one per ZooKeeper
     * server, kept in the ZooKeeper's folder), made with the distribution's own {@code bin/keel-cluster-keys}.
     */
    static void keys(Path home, String id, String host, ZooKeeperProcess zk) throws IOException {
        Path ca = zk.dir().resolve("cluster-ca");
        if (!Files.exists(ca.resolve("ca.p12"))) {
            keysCommand(home, "ca", ca.toString());
        }
        keysCommand(home, "node", ca.toString(), id, host, home.resolve("etc/cluster-tls").toString());
    }

    static void keysCommand(Path home, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                home.resolve("bin/keel-cluster-keys").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("bin/keel-cluster-keys " + String.join(" ", args) + " hangs");
            }
            assertEquals(out, 0, p.exitValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Starts a node and waits until it is ready (a node whose plugins need another node's may take a while). */
    static void start(KeelProcess keel) throws Exception {
        Result start = keel.commandWithEnv(Map.of("KEEL_START_TIMEOUT", "180"), "start");
        assertEquals(start.toString() + "\n" + keel.log(), 0, start.exit());
    }

    /**
     * Two started nodes on one new database: node-a runs user and order, node-b only payment, so A's orders are
     * charged by B. Closing stops both nodes and ZooKeeper.
     */
    record PaymentApart(ZooKeeperProcess zk, KeelProcess a, KeelProcess b) implements AutoCloseable {

        static PaymentApart start(String database) throws Exception {
            Postgres pg = Postgres.shared();
            String url = pg.newDatabase(database);
            ZooKeeperProcess zk = ZooKeeperProcess.start();
            KeelProcess b = null;
            KeelProcess a = null;
            try {
                b = node("node-b", zk, pg, url, "user-bundle", "order-bundle");
                a = node("node-a", zk, pg, url, "payment-bundle");
                ClusterNodes.start(b);
                ClusterNodes.start(a);
                return new PaymentApart(zk, a, b);
            } catch (Exception | AssertionError e) {
                new PaymentApart(zk, a, b).close();
                throw e;
            }
        }

        /** Stops the nodes that still run (bin/keel stop waits for the JVM), then closes each and ZooKeeper. */
        @Override
        public void close() throws IOException, InterruptedException {
            try (zk; KeelProcess first = b; KeelProcess second = a) {
                for (KeelProcess node : new KeelProcess[] {a, b}) {
                    if (node != null && node.pid().isPresent()) {
                        node.command("stop");
                    }
                }
            }
        }
    }

    /** Registers the customer Ada through a node's API; returns her id. */
    static String customer(Api api) {
        Api.Reply user = api.post("/api/user/users", Map.of("name", "Ada", "email", "ada@example.com",
                "password", Customers.PASSWORD));
        assertEquals(user.toString(), 201, user.status());
        return user.json().get("id").asText();
    }

    /** Places orders on {@code a} until one is PAID (its payment may need a while to be imported). */
    static Api.Reply awaitPaid(Api api, String userId, KeelProcess a, Duration within) {
        AtomicReference<Api.Reply> last = new AtomicReference<>();
        Await.until("an order on node-a is PAID", within, () -> {
            Api.Reply r = place(api, userId);
            last.set(r);
            return r.status() == 201 && "PAID".equals(r.json().get("status").asText());
        }, () -> last.get() + "\n" + a.log());
        return last.get();
    }

    /** Places an order of two items for 12.50 EUR. */
    static Api.Reply place(Api api, String userId) {
        try {
            return api.post("/api/order/orders", Map.of("userId", userId, "currency", "EUR",
                    "items", List.of(Map.of("sku", "A-1", "quantity", 2, "unitPrice", 1250))));
        } catch (UncheckedIOException e) {
            throw new AssertionError("node-a does not answer", e);
        }
    }

    /** The count of governed PaymentService.charge calls on a node whose version label matches. */
    static long charges(KeelProcess keel, Predicate<String> version) {
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
