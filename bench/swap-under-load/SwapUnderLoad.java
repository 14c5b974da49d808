import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Load generator and swap driver of bench/swap-under-load: CLIENTS threads
 * post orders to a running Keel over loopback while payment is updated N
 * times through the shell (bin/keel client keel:update payment); then reads
 * Keel's JSON log for when each swap began and when order served again.
 * Prints every failed request with its time relative to the nearest update and
 * its exception; each request carries {@code X-Request-Id: bench-<n>}, so a
 * failure can be looked up in Keel's access log. Bounded: the updates stop
 * after {@code MAX_SECONDS} (default 900) and the load after
 * {@code MAX_REQUESTS} (default 3,000,000). Exits 1 when a request failed or
 * the measurement did not happen (an update command failed, no request sent,
 * an update not found in Keel's log or without its line in the audit trail).
 *
 *   java -cp <jackson jars> SwapUnderLoad.java <keel home> <http port> <updates> <clients>
 */
public final class SwapUnderLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Request(long start, long end, int status) {
    }

    /** A failed request: epoch ms of its start and end, its id, status (-1: no answer) and what the client saw. */
    record Failure(long startMs, long endMs, long id, int status, String detail) {
    }

    /** Epoch ms of a System.nanoTime() value (one base for the whole run). */
    private static final long NANO0 = System.nanoTime();
    private static final long EPOCH0 = System.currentTimeMillis();

    static long epochMs(long nanos) {
        return EPOCH0 + (nanos - NANO0) / 1_000_000;
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (Exception | Error e) {
            System.err.println("bench/swap-under-load: FAILED: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    static int run(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        int updates = Integer.parseInt(args[2]);
        int clients = Integer.parseInt(args[3]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + port;
        // the run script logged its operator in (POST /auth/token): every /api call carries the token
        String auth = "Bearer " + System.getenv("KEEL_TOKEN");

        HttpResponse<String> u = http.send(post(base + "/api/user/users", Map.of("name", "Bench",
                "email", "bench-" + System.nanoTime() + "@example.com", "password", "bench password")),
                HttpResponse.BodyHandlers.ofString());
        if (u.statusCode() != 201) {
            throw new IllegalStateException("could not create a user: " + u.statusCode() + " " + u.body());
        }
        String userId = JSON.readTree(u.body()).get("id").asText();
        String order = JSON.writeValueAsString(Map.of("userId", userId, "currency", "EUR",
                "items", List.of(Map.of("sku", "B-1", "quantity", 1, "unitPrice", 500))));

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger failed = new AtomicInteger();
        AtomicLong ids = new AtomicLong();
        long maxRequests = Long.parseLong(System.getenv().getOrDefault("MAX_REQUESTS", "3000000"));
        long maxMillis = 1000 * Long.parseLong(System.getenv().getOrDefault("MAX_SECONDS", "900"));
        ConcurrentLinkedQueue<Request> done = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(() -> {
                while (running.get()) {
                    long id = ids.incrementAndGet();
                    if (id > maxRequests) {
                        running.set(false);
                        break;
                    }
                    long t0 = System.nanoTime();
                    int status;
                    String body = "";
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/order/orders"))
                                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                                .header("X-Request-Id", "bench-" + id).header("Authorization", auth)
                                .POST(HttpRequest.BodyPublishers.ofString(order)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        status = r.statusCode();
                        body = r.body();
                        if (status == 201 && !"PAID".equals(JSON.readTree(body).path("status").asText())) {
                            status = 599;
                        }
                    } catch (IOException | InterruptedException e) {
                        status = -1;
                        body = chain(e);
                    }
                    long t1 = System.nanoTime();
                    done.add(new Request(t0, t1, status));
                    if (status != 201) {
                        failed.incrementAndGet();
                        failures.add(new Failure(epochMs(t0), epochMs(t1), id, status, body));
                    }
                }
            }, "load-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        Thread.sleep(3000); // warm-up under load, measured as the "without swaps" baseline too
        List<long[]> commands = new ArrayList<>();
        Path keel = home.resolve("bin/keel");
        boolean viaDeploy = "deploy".equals(System.getenv("VIA"));
        Path deployed = null;
        if (viaDeploy) {
            try (var files = Files.list(home.resolve("deploy"))) {
                deployed = files.filter(f -> f.getFileName().toString().startsWith("payment-bundle")).findFirst()
                        .orElseThrow();
            }
        }
        long began = System.nanoTime();
        for (int i = 0; i < updates && running.get(); i++) {
            if ((System.nanoTime() - began) / 1_000_000 > maxMillis) {
                System.err.printf("MAX_SECONDS=%d reached after %d updates: stopping%n", maxMillis / 1000, i);
                break;
            }
            long t0 = System.nanoTime();
            long e0 = System.currentTimeMillis();
            if (viaDeploy) {
                // a new jar for the same bundle (one more entry, so FileInstall sees new content), moved over the old
                Path next = home.resolve("payment-next.jar");
                Files.copy(deployed, next, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                try (var zip = java.nio.file.FileSystems.newFileSystem(next)) {
                    Files.writeString(zip.getPath("bench-swap-" + i + ".txt"), "update " + i);
                }
                e0 = System.currentTimeMillis();
                t0 = System.nanoTime();
                Files.move(next, deployed, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                Thread.sleep(2000); // FileInstall polls every 250 ms; steady load between two updates
                commands.add(new long[] {t0, System.nanoTime(), e0});
                continue;
            }
            Process p = new ProcessBuilder(keel.toString(), "client", "keel:update", "payment")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("keel:update failed: " + out);
            }
            commands.add(new long[] {t0, System.nanoTime(), e0});
            Thread.sleep(1000); // steady load between two updates
        }
        running.set(false);
        for (Thread t : threads) {
            t.join(60_000);
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " still running 60 s after the load was stopped");
            }
        }

        // keel.log is written by a thread of its own, and order comes back after keel:update has answered:
        // look again (bounded) before an update counts as missing from the log
        Path keelLog = home.resolve("data/log/keel.log");
        long logDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        List<long[]> gaps = swapsFromLog(keelLog, commands);
        while (gaps.size() < commands.size() && System.nanoTime() < logDeadline) {
            Thread.sleep(200); // the poll interval of a bounded look, not a wait for an outcome
            gaps = swapsFromLog(keelLog, commands);
        }
        // keel:update's line is the operator's (via ssh); an update through deploy/ is the folder watcher's
        long audited = commands.isEmpty() ? 0
                : auditedUpdates(home.resolve("data/log/audit.log"), commands.get(0)[2],
                        viaDeploy ? "deploy-folder" : "ssh");
        List<Long> gapMs = new ArrayList<>();
        gaps.forEach(g -> gapMs.add(g[1] - g[0]));
        List<Long> commandMs = new ArrayList<>();
        commands.forEach(c -> commandMs.add((c[1] - c[0]) / 1_000_000));
        List<Long> during = new ArrayList<>();
        List<Long> outside = new ArrayList<>();
        for (Request r : done) {
            long ms = (r.end - r.start) / 1_000_000;
            boolean overlaps = commands.stream().anyMatch(c -> r.start <= c[1] && r.end >= c[0]);
            (overlaps ? during : outside).add(ms);
        }
        System.out.printf("requests sent            %d (%d clients)%n", done.size(), clients);
        System.out.printf("requests failed          %d%n", failed.get());
        List<Failure> sorted = new ArrayList<>(failures);
        sorted.sort((a, b) -> Long.compare(a.startMs, b.startMs));
        for (Failure f : sorted) {
            System.out.println("  " + describe(f, commands, gaps));
        }
        System.out.printf("updates                  %d of %d (%s)%n", commands.size(), updates,
                viaDeploy ? "a new payment jar moved into deploy/" : "bin/keel client keel:update payment");
        System.out.printf("update -> new version serving (Keel log: first plugin stop -> order ACTIVE again)  p50 %d ms  p99 %d ms  max %d ms  (%d updates)%n",
                pct(gapMs, 50), pct(gapMs, 99), pct(gapMs, 100), gapMs.size());
        if (!viaDeploy) {
            System.out.printf("keel:update command wall time (SSH client JVM included)  p50 %d ms  p99 %d ms%n",
                    pct(commandMs, 50), pct(commandMs, 99));
        }
        // with VIA=deploy "during" is the 2 s after each move of a jar into deploy/
        System.out.printf("request latency during updates  p50 %d ms  p99 %d ms  max %d ms  (%d requests)%n",
                pct(during, 50), pct(during, 99), pct(during, 100), during.size());
        System.out.printf("request latency without          p50 %d ms  p99 %d ms  max %d ms  (%d requests)%n",
                pct(outside, 50), pct(outside, 99), pct(outside, 100), outside.size());
        List<String> broken = new ArrayList<>();
        if (done.isEmpty()) {
            broken.add("no request was sent");
        }
        if (commands.isEmpty()) {
            broken.add("no update was made");
        }
        if (gaps.size() < commands.size()) {
            broken.add((commands.size() - gaps.size()) + " of " + commands.size()
                    + " updates not found in Keel's log (no 'stopping plugin' ... 'plugin order ... ACTIVE')");
        }
        if (audited != commands.size()) {
            broken.add(commands.size() + " updates made, " + audited + " 'bundle.update' ... 'ok' lines via "
                    + (viaDeploy ? "deploy-folder" : "ssh") + " in audit.log");
        }
        if (failed.get() > 0) {
            broken.add(failed.get() + " requests failed");
        }
        if (!broken.isEmpty()) {
            System.err.println("bench/swap-under-load: FAILED: " + String.join("; ", broken));
            return 1;
        }
        return 0;
    }

    /**
     * One failed request: its id (X-Request-Id bench-n), when it started and
     * ended relative to the nearest update command's start (negative: before
     * it), that update's swap window in Keel's log, and what the client saw.
     */
    static String describe(Failure f, List<long[]> commands, List<long[]> gaps) {
        int nearest = -1;
        for (int i = 0; i < commands.size(); i++) {
            if (nearest < 0 || Math.abs(f.startMs - commands.get(i)[2]) < Math.abs(f.startMs - commands.get(nearest)[2])) {
                nearest = i;
            }
        }
        StringBuilder b = new StringBuilder("request bench-" + f.id + " " + Instant.ofEpochMilli(f.startMs) + " took "
                + (f.endMs - f.startMs) + " ms, status " + f.status);
        if (nearest >= 0) {
            long u = commands.get(nearest)[2];
            long rel = f.startMs - u;
            b.append(String.format(": started %d ms %s update %d began, ended %+d ms", Math.abs(rel),
                    rel < 0 ? "before" : "after", nearest + 1, f.endMs - u));
            for (long[] g : gaps) {
                if (g[0] >= u && (nearest + 1 >= commands.size() || g[0] < commands.get(nearest + 1)[2])) {
                    b.append(String.format(" (its swap in Keel's log: stop %+d ms, order ACTIVE %+d ms)", g[0] - u, g[1] - u));
                    break;
                }
            }
        }
        return b.append("\n    ").append(f.detail.replace("\n", "\n    ")).toString();
    }

    /** An exception and its causes, one per line. */
    static String chain(Throwable e) {
        StringBuilder b = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && c != e; e = c, c = c.getCause()) {
            b.append("\ncaused by ").append(c);
        }
        return b.toString();
    }

    /**
     * Per update command: [the first "stopping plugin" line after the command
     * was started, the last "plugin order ... ACTIVE" line before the next
     * command] in epoch ms: how long the update kept the order flow from its
     * new payment inside Keel (update and refresh both restart payment).
     */
    static List<long[]> swapsFromLog(Path log, List<long[]> commands) throws IOException {
        List<long[]> lines = new ArrayList<>(); // [time, kind] kind 0 = stopping, 1 = order ACTIVE
        for (String line : Files.readAllLines(log)) {
            JsonNode n = JSON.readTree(line);
            String m = n.path("message").asText();
            long t = Instant.parse(n.path("time").asText()).toEpochMilli();
            if (m.startsWith("stopping plugin ")) {
                lines.add(new long[] {t, 0});
            } else if (m.startsWith("plugin order ") && m.endsWith(" ACTIVE")) {
                lines.add(new long[] {t, 1});
            }
        }
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            long from = commands.get(i)[2];
            long to = i + 1 < commands.size() ? commands.get(i + 1)[2] : Long.MAX_VALUE;
            long start = -1;
            long end = -1;
            for (long[] l : lines) {
                if (l[0] >= from && l[0] < to) {
                    if (l[1] == 0 && start < 0) {
                        start = l[0];
                    } else if (l[1] == 1 && start >= 0) {
                        end = l[0];
                    }
                }
            }
            if (start >= 0 && end >= 0) {
                out.add(new long[] {start, end});
            }
        }
        return out;
    }

    /** The audit trail's lines of a successful {@code bundle.update} made {@code via} from {@code sinceMs} (epoch ms) on. */
    static long auditedUpdates(Path audit, long sinceMs, String via) throws IOException {
        long n = 0;
        for (String line : Files.readAllLines(audit)) {
            JsonNode a = JSON.readTree(line);
            if ("bundle.update".equals(a.path("action").asText()) && "ok".equals(a.path("result").asText())
                    && via.equals(a.path("via").asText())
                    && Instant.parse(a.path("when").asText()).toEpochMilli() >= sinceMs - 1000) {
                n++;
            }
        }
        return n;
    }

    static long pct(List<Long> values, int p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> s = new ArrayList<>(values);
        Collections.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.size()) - 1;
        return s.get(Math.max(0, Math.min(s.size() - 1, i)));
    }

    static HttpRequest post(String url, Object body) throws IOException {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + System.getenv("KEEL_TOKEN"))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    }
}
