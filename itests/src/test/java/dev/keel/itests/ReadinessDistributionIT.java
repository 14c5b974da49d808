package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Readiness of the distribution as a process ({@code bin/keel run}): from the
 * launch, {@code /health/ready} is polled every ~20 ms, and the first 200 must
 * find every business route answering, for a fresh start (no {@code data/}),
 * a cold one ({@code data/cache} removed) and a warm one; and a distribution
 * that has run once and is then copied with {@code cp -a} starts and is ready.
 */
public class ReadinessDistributionIT {

    /** Generous: on a loaded machine (load 40-50 seen here) a start took 80 s. */
    private static final Duration BOOT = Duration.ofSeconds(120);
    /** The first stop writes the class data sharing archive (data/cds): seconds of CPU on a loaded machine. */
    private static final Duration STOP = Duration.ofSeconds(90);
    private static final long POLL_MS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A GET route of each business plugin that needs no state, and how its own answer looks. */
    private record Route(String path, int status, String bodyContains) {
    }

    private static final List<Route> ROUTES = List.of(
            new Route("/api/user/users", 200, "\"items\""),
            new Route("/api/order/orders?userId=nobody", 200, "\"items\""),
            // payment has no list: its own 404 names the payment (the kernel's would say "No plugin named payment")
            new Route("/api/payment/payments/none", 404, "no payment with id none"));

    @Test
    public void readyNeverComesBeforeEveryBusinessRouteAnswersFreshColdOrWarm() throws Exception {
        try (KeelProcess keel = KeelProcess.copyOfDistribution()) {
            assertFalse(Files.exists(keel.home().resolve("data")));
            long fresh = startAndCheckReadiness(keel, "fresh");
            stop(keel);

            deleteTree(keel.home().resolve("data/cache"));
            assertTrue(Files.exists(keel.home().resolve("data/db")));
            long cold = startAndCheckReadiness(keel, "cold");
            stop(keel);

            long warm = startAndCheckReadiness(keel, "warm");
            stop(keel);
            System.out.printf("launch to /health/ready 200: fresh %d ms, cold %d ms, warm %d ms%n", fresh, cold, warm);
        }
    }

    @Test
    public void aCopiedDistributionStartsAndIsReady() throws Exception {
        try (KeelProcess keel = KeelProcess.copyOfDistribution()) {
            long first = startAndCheckReadiness(keel, "first run");
            stop(keel);
            assertTrue(Files.isDirectory(keel.home().resolve("data/cache")));
            try (KeelProcess copy = keel.copyWithCpA()) {
                long copied = startAndCheckReadiness(copy, "copy");
                JsonNode health = JSON.readTree(copy.get("/health").body());
                List<String> plugins = new ArrayList<>();
                for (JsonNode p : health.get("plugins")) {
                    plugins.add(p.get("name").asText() + " " + p.get("state").asText());
                }
                plugins.sort(Comparator.naturalOrder());
                assertEquals(health.toString(), List.of("order ACTIVE", "payment ACTIVE", "user ACTIVE"), plugins);
                assertFalse("the copy runs its own bundles, not the first home's:\n" + copy.output(),
                        copy.output().contains("not unique"));
                stop(copy);
                System.out.printf("launch to /health/ready 200: first run %d ms, its cp -a copy %d ms%n", first, copied);
            }
        }
    }

    /**
     * Launches {@code bin/keel run}, polls {@code /health/ready} every ~20 ms
     * until it answers 200, asserts that every business route answers then,
     * and returns the time from the launch to that 200.
     */
    private static long startAndCheckReadiness(KeelProcess keel, String start) throws IOException {
        long launched = System.nanoTime();
        keel.start("run");
        long deadline = launched + BOOT.toNanos();
        int polls = 0;
        List<Integer> seen = new ArrayList<>();
        while (true) {
            assertTrue(start + ": Keel exited during start:\n" + keel.output(), keel.alive());
            assertTrue(start + ": not ready within " + BOOT.toSeconds() + " s; /health/ready said " + seen
                    + "\n" + keel.output(), System.nanoTime() < deadline);
            HttpResponse<String> ready = keel.get("/health/ready");
            polls++;
            int status = ready == null ? -1 : ready.statusCode();
            if (seen.isEmpty() || seen.get(seen.size() - 1) != status) {
                seen.add(status);
            }
            if (status == 200) {
                long readyMs = (System.nanoTime() - launched) / 1_000_000;
                for (Route r : ROUTES) {
                    HttpResponse<String> answer = keel.get(r.path());
                    String got = answer == null ? "no answer" : answer.statusCode() + " " + answer.body();
                    assertTrue(start + ": /health/ready answered 200 (" + ready.body() + ") after " + readyMs
                            + " ms, but GET " + r.path() + " got " + got, answer != null
                            && answer.statusCode() == r.status() && answer.body().contains(r.bodyContains()));
                }
                assertEquals(start + ": /health agrees with /health/ready", 200, keel.status("/health"));
                System.out.printf("%s start: /health/ready 200 after %d ms (%d polls, statuses %s)%n", start,
                        readyMs, polls, seen);
                return readyMs;
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MS); // the poll interval, not a wait for an outcome
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void stop(KeelProcess keel) throws InterruptedException {
        keel.terminate();
        assertEquals("exit code after SIGTERM:\n" + keel.output(), 0, keel.waitForExit(STOP));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertFalse(Files.exists(dir));
    }
}
