import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Load, swaps and the per-minute figures of bench/soak (see its run script).
 *
 *   java -cp <jackson jars> Soak.java <keel home> <http port> <pid> <minutes> <clients> <canary every (min)>
 */
public final class Soak {

    /** The run script logged its operator in (POST /auth/token): every /api call carries the token. */
    private static final String AUTH = "Bearer " + System.getenv("KEEL_TOKEN");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One answered (or failed) request: what it was, its status, its latency, what went wrong. */
    record Sample(String op, long nanos, String problem) {
    }

    /** The figures of one minute. */
    record Minute(int n, long heapKb, long metaspaceKb, long rssKb, int threads, int fds, long dbMb, int requests,
            int errors, long p99Ms) {
    }

    private final Path home;
    private final String base;
    private final long pid;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> users = new CopyOnWriteArrayList<>();
    private final AtomicReference<ConcurrentLinkedQueue<Sample>> minute =
            new AtomicReference<>(new ConcurrentLinkedQueue<>());
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean canaryRunning = new AtomicBoolean();
    private final List<String> broken = new CopyOnWriteArrayList<>();

    Soak(Path home, int port, long pid) {
        this.home = home;
        this.base = "http://127.0.0.1:" + port;
        this.pid = pid;
    }

    public static void main(String[] args) {
        try {
            Soak soak = new Soak(Path.of(args[0]), Integer.parseInt(args[1]), Long.parseLong(args[2]));
            System.exit(soak.run(Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5])));
        } catch (Exception | Error e) {
            System.err.println("bench/soak: FAILED: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    int run(int minutes, int clients, int canaryEvery) throws Exception {
        for (int i = 0; i < 5; i++) {
            register();
        }
        if (users.isEmpty()) {
            throw new IllegalStateException("could not register a user: " + broken);
        }
        broken.clear();
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(this::load, "load-" + i);
            t.setDaemon(true);
            t.start();
        }
        System.out.printf("soak: %d min, %d clients, payment update every 30 s, canary cycle every %d min%n", minutes,
                clients, canaryEvery);
        System.out.println("min  heap-after-GC  metaspace      RSS  threads  fds  data/db  requests  errors  p99");
        List<Minute> figures = new ArrayList<>();
        long start = System.nanoTime();
        int updates = 0;
        int cycles = 0;
        for (int m = 1; m <= minutes; m++) {
            for (int half = 0; half < 2; half++) {
                sleepUntil(start + TimeUnit.SECONDS.toNanos(60L * (m - 1) + 30L * (half + 1)));
                if (!canaryRunning.get()) {
                    shell("keel:update", "payment");
                    updates++;
                }
            }
            if (m % canaryEvery == 0 && m < minutes && canaryRunning.compareAndSet(false, true)) {
                cycles++;
                Thread c = new Thread(this::canaryCycle, "canary");
                c.setDaemon(true);
                c.start();
            }
            List<Sample> samples = new ArrayList<>(minute.getAndSet(new ConcurrentLinkedQueue<>()));
            Minute f = figures(m, samples);
            figures.add(f);
            System.out.printf("%3d  %10d KB  %6d KB  %6d KB  %7d  %3d  %4d MB  %8d  %6d  %d ms%n", f.n, f.heapKb,
                    f.metaspaceKb, f.rssKb, f.threads, f.fds, f.dbMb, f.requests, f.errors, f.p99Ms);
            samples.stream().filter(s -> s.problem != null).limit(5)
                    .forEach(s -> System.out.println("     error: " + s.op + ": " + s.problem));
        }
        running.set(false);
        System.out.printf("payment updates: %d, canary cycles: %d%n", updates, cycles);
        verdict(figures);
        broken.forEach(b -> System.out.println("FAILED: " + b));
        return broken.isEmpty() ? 0 : 1;
    }

    /** Flat after warm-up: the last minute against the first minute after it, with a margin for noise. */
    private void verdict(List<Minute> f) {
        int errors = f.stream().mapToInt(Minute::errors).sum();
        if (errors > 0) {
            broken.add(errors + " requests failed");
        }
        int warm = Math.max(1, Math.min(5, f.size() / 3));
        if (f.size() <= warm) {
            System.out.println("too short to say whether the figures stay flat (warm-up: " + warm + " min)");
            return;
        }
        Minute a = f.get(warm);
        Minute b = f.get(f.size() - 1);
        grew("heap after GC", a.heapKb, b.heapKb, a.heapKb / 4 + 8192);
        grew("metaspace", a.metaspaceKb, b.metaspaceKb, a.metaspaceKb / 10 + 4096);
        grew("RSS", a.rssKb, b.rssKb, a.rssKb / 4 + 32768);
        grew("threads", a.threads, b.threads, 10);
        grew("open file descriptors", a.fds, b.fds, 20);
    }

    private void grew(String what, long from, long to, long margin) {
        String line = String.format("%-22s minute %s: %d -> last minute: %d", what, "after warm-up", from, to);
        if (to > from + margin) {
            broken.add(what + " grew after warm-up: " + from + " -> " + to + " (margin " + margin + ")");
            System.out.println(line + "  GREW");
        } else {
            System.out.println(line + "  flat");
        }
    }

    private Minute figures(int n, List<Sample> samples) throws Exception {
        jcmd("GC.run");
        String heap = jcmd("GC.heap_info");
        long heapKb = 0;
        long metaKb = 0;
        for (String line : heap.split("\n")) {
            Matcher used = Pattern.compile("used (\\d+)K").matcher(line);
            if (!used.find()) {
                continue;
            }
            if (line.contains("generation")) {
                heapKb += Long.parseLong(used.group(1));
            } else if (line.strip().startsWith("Metaspace")) {
                metaKb = Long.parseLong(used.group(1));
            }
        }
        if (heapKb == 0 || metaKb == 0) {
            throw new IllegalStateException("cannot read jcmd GC.heap_info (serial collector expected): " + heap);
        }
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        long rss = Long.parseLong(field(status, "VmRSS:\\s+(\\d+) kB"));
        int threads = Integer.parseInt(field(status, "Threads:\\s+(\\d+)"));
        int fds;
        try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            fds = (int) s.count();
        }
        long dbBytes = 0; // the embedded H2's files: printed, not judged (the data grows with every registration)
        try (var files = Files.list(home.resolve("data/db"))) {
            for (Path f : files.toList()) {
                dbBytes += Files.size(f);
            }
        }
        List<Long> ms = new ArrayList<>();
        int errors = 0;
        for (Sample s : samples) {
            ms.add(s.nanos / 1_000_000);
            errors += s.problem == null ? 0 : 1;
        }
        Collections.sort(ms);
        long p99 = ms.isEmpty() ? -1 : ms.get(Math.max(0, (int) Math.ceil(ms.size() * 0.99) - 1));
        return new Minute(n, heapKb, metaKb, rss, threads, fds, dbBytes >> 20, samples.size(), errors, p99);
    }

    private static String field(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in /proc/<pid>/status");
        }
        return m.group(1);
    }

    /** One client: registrations, orders, reads and scrapes in a fixed mix. */
    private void load() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (running.get()) {
            int dice = r.nextInt(100);
            try {
                if (dice < 15) {
                    register();
                } else if (dice < 45) {
                    order(users.get(r.nextInt(users.size())));
                } else if (dice < 70) {
                    get("read user", "/api/user/users/" + users.get(r.nextInt(users.size())));
                } else if (dice < 95) {
                    get("read orders", "/api/order/orders?userId=" + users.get(r.nextInt(users.size())));
                } else {
                    get("scrape", "/metrics");
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void register() throws InterruptedException {
        String email = "soak-" + System.nanoTime() + "-" + ThreadLocalRandom.current().nextInt(1_000_000) + "@example.com";
        send("register", post("/api/user/users", Map.of("name", "Soak", "email", email,
                "password", "soak password")), 201,
                body -> users.add(body.get("id").asText()));
    }

    private void order(String userId) throws InterruptedException {
        send("order", post("/api/order/orders", Map.of("userId", userId, "currency", "EUR",
                "items", List.of(Map.of("sku", "S-1", "quantity", 1, "unitPrice", 700)))), 201, body -> {
                    if (!"PAID".equals(body.path("status").asText())) {
                        throw new IllegalStateException("order not PAID: " + body);
                    }
                });
    }

    private void get(String op, String path) throws InterruptedException {
        send(op, HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).header("Authorization",
                AUTH).GET().build(), 200,
                null);
    }

    private interface Check {
        void accept(JsonNode body) throws Exception;
    }

    private void send(String op, HttpRequest request, int expected, Check check) throws InterruptedException {
        long t0 = System.nanoTime();
        String problem = null;
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                problem = r.statusCode() + " " + abbreviate(r.body());
            } else if (check != null) {
                check.accept(JSON.readTree(r.body()));
            }
        } catch (IOException e) {
            problem = "no answer: " + e;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            problem = e.toString();
        }
        minute.get().add(new Sample(op, System.nanoTime() - t0, problem));
    }

    private HttpRequest post(String path, Object body) {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).header("Authorization", AUTH)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    /** Install the next payment beside the stable one, send it 10 % of users for a minute, roll it back. */
    private void canaryCycle() {
        try {
            shell("keel:install", home.resolve("examples/payment-bundle-next.jar").toString());
            shell("keel:canary", "payment", "1.1.0", "10");
            Thread.sleep(60_000); // the canary serves its share of the steady load for a minute: what a cycle measures
            shell("keel:rollback", "payment");
        } catch (Exception e) {
            broken.add("canary cycle: " + e);
        } finally {
            canaryRunning.set(false);
        }
    }

    private String shell(String... command) throws Exception {
        List<String> argv = new ArrayList<>(List.of(home.resolve("bin/keel").toString(), "client"));
        argv.addAll(List.of(command));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            broken.add(String.join(" ", command) + " failed: " + abbreviate(out));
        }
        return out;
    }

    private String jcmd(String command) throws Exception {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + out);
        }
        return out;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return one.length() <= 200 ? one : one.substring(0, 200) + "...";
    }
}
