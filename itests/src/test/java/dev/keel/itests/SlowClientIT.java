package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import dev.keel.api.PluginState;

/**
 * Faults are charged to whoever caused them: 150 clients that send their
 * bodies at 1 byte/s, stop sending or go away (to user's registration and to
 * a 50% canary of payment, forced onto it) neither open a breaker nor roll
 * the canary back, and normal requests are served meanwhile (their latency
 * is printed, not asserted). The slow clients get 408 from the entry's body
 * reader (keel.http body.min.rate) without any plugin being called.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SlowClientIT extends KeelTest {

    private static final Duration SETTLE = Duration.ofSeconds(60);
    private int port;

    @Configuration
    public Option[] config() {
        return KeelOptions.keel(KeelOptions.freePort(), frameworkProperty("keel.it.examples")
                .value(KeelOptions.dist().resolve("examples").toAbsolutePath().toString()));
    }

    @Before
    public void ready() {
        api();
        port = Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
        awaitBusinessPlugins();
    }

    /** One slow client: a socket that declared a body and sends it at 1 byte/s, stops, or closes. */
    private final class Slow {
        final Socket socket = new Socket();
        final int stopAfter; // bytes of the body it sends before it stops sending; -1: all (slowly)
        final boolean closes;
        int sent;
        boolean gone;
        int answered; // the status read so far, 0 while none

        Slow(String path, String extraHeaders, int length, int stopAfter, boolean closes) throws IOException {
            this.stopAfter = stopAfter;
            this.closes = closes;
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5);
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + extraHeaders + "Content-Length: " + length + "\r\n\r\n{";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            sent = 1;
        }

        /** Sends one more byte (or closes, or stays silent), as this client does. */
        void tick() {
            if (gone || answered != 0) {
                return;
            }
            try {
                if (socket.getInputStream().available() > 0) {
                    // answered: read it before writing more (a write after the server closed would reset the
                    // connection and lose the answer)
                    answered = status();
                    return;
                }
                if (stopAfter >= 0 && sent >= stopAfter) {
                    if (closes) {
                        socket.close();
                        gone = true;
                    }
                    return;
                }
                OutputStream out = socket.getOutputStream();
                out.write(' ');
                out.flush();
                sent++;
            } catch (IOException e) {
                gone = true; // the server closed it
            }
        }

        /** Reads the answer if one has arrived, without sending anything. */
        void poll() {
            try {
                if (!gone && answered == 0 && socket.getInputStream().available() > 0) {
                    answered = status();
                }
            } catch (IOException e) {
                gone = true;
            }
        }

        /** The status the server answered, 0 while none, -1 when the connection ended without one. */
        int status() {
            if (answered != 0) {
                return answered;
            }
            if (closes && gone) {
                return -1;
            }
            try {
                InputStream in = socket.getInputStream();
                byte[] b = new byte[64];
                int n = in.read(b);
                if (n < 0) {
                    return -1;
                }
                String line = new String(b, 0, n, StandardCharsets.US_ASCII);
                return line.startsWith("HTTP/1.1 ") ? Integer.parseInt(line.substring(9, 12)) : -1;
            } catch (java.net.SocketTimeoutException e) {
                return 0;
            } catch (IOException e) {
                return -1;
            }
        }
    }

    @Test
    public void slowBodiesOpenNoBreakerRollNoCanaryBackAndNormalRequestsAreServed() throws Exception {
        Shell.run(context, "keel:config keel.release rollback.minimum.calls 10");
        Path next = underHome(Path.of(context.getProperty("keel.it.examples")).resolve("payment-bundle-next.jar"));
        assertTrue(Shell.run(context, "keel:install " + next).contains("payment"));
        Await.until("payment 1.0.0 and 1.1.0 ACTIVE", SETTLE, () -> runtime.plugins().stream()
                .filter(p -> p.name().equals("payment") && p.state() == PluginState.ACTIVE).count() == 2,
                runtime::plugins);
        String canary = Shell.run(context, "keel:canary payment 1.1.0 50");
        assertTrue(canary, canary.contains("50%"));

        List<Slow> slow = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            // 90 trickle at 1 byte/s; 30 stop after 2 bytes (a stalled body); 30 send 3 bytes and go away
            int stopAfter = i % 5 == 3 ? 2 : i % 5 == 4 ? 3 : -1;
            boolean closes = i % 5 == 4;
            slow.add(i % 3 == 0
                    ? new Slow("/api/payment/payments", "Idempotency-Key: " + UUID.randomUUID()
                            + "\r\nX-Keel-Version: payment=1.1.0\r\n", 200, stopAfter, closes)
                    : new Slow("/api/user/users", "", 200, stopAfter, closes));
        }

        List<Long> latencies = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(12).toNanos();
        long nextTick = 0;
        int n = 0;
        while (System.nanoTime() < until) {
            if (System.nanoTime() - nextTick > 0) {
                slow.forEach(Slow::tick);
                nextTick = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            } else {
                slow.forEach(Slow::poll);
            }
            long t0 = System.nanoTime();
            Api.Reply u = api().post("/api/user/users", Map.of("name", "Fast", "email", "fast-" + UUID.randomUUID()
                    + "@example.com", "password", Customers.PASSWORD));
            assertEquals(u.toString(), 201, u.status());
            Api.Reply g = api().get("/api/user/users/" + u.json().get("id").asText());
            assertEquals(g.toString(), 200, g.status());
            Api.Reply p = api().post("/api/payment/payments", Map.of("orderId", "o-fast-" + n, "amount", 100,
                    "currency", "EUR"), Map.of("Idempotency-Key", UUID.randomUUID().toString()));
            assertEquals(p.toString(), 201, p.status());
            latencies.add((System.nanoTime() - t0) / 3_000); // µs per request, of the three
            n++;
        }
        latencies.sort(null);
        System.out.printf("SlowClientIT: %d normal requests beside 150 slow clients: per request p50 %.1f ms, "
                + "p99 %.1f ms, max %.1f ms%n", 3 * latencies.size(), latencies.get(latencies.size() / 2) / 1000.0,
                latencies.get(Math.min(latencies.size() - 1, latencies.size() * 99 / 100)) / 1000.0,
                latencies.get(latencies.size() - 1) / 1000.0);

        Map<Integer, Integer> statuses = new TreeMap<>();
        Await.until("every slow client answered or cut off", SETTLE, () -> {
            statuses.clear();
            for (Slow s : slow) {
                s.tick();
                statuses.merge(s.status(), 1, Integer::sum);
            }
            return !statuses.containsKey(0);
        }, () -> statuses);
        System.out.println("SlowClientIT: slow clients' answers (status: clients; -1 none, the client left): "
                + statuses);
        for (Slow s : slow) {
            s.socket.close();
        }
        // a 408 may be lost to a connection reset (the server closes while the client still sends), never
        // answered otherwise: no 2xx (no plugin saw a slow body) and no 5xx
        assertTrue("only 408s or cut-off connections: " + statuses, statuses.keySet().stream()
                .allMatch(s -> s == 408 || s == -1));
        assertTrue("the trickling and stalled clients got 408: " + statuses, statuses.getOrDefault(408, 0) >= 90);

        String metrics = api().get("/metrics").raw().body();
        assertTrue("user's breaker is closed", GovernanceIT.sample(metrics, "keel_breaker_state",
                Map.of("plugin", "user", "state", "closed")) == 1.0);
        for (String version : List.of("1.0.0", "1.1.0")) {
            Double closed = GovernanceIT.sample(metrics, "keel_breaker_state", Map.of("plugin", "payment",
                    "version", version, "state", "closed"));
            assertTrue("payment " + version + "'s breaker is closed: " + closed, closed == null || closed == 1.0);
        }
        assertEquals("no governed error of user or payment", 0.0, errors(metrics), 0.0);
        String releases = Shell.run(context, "keel:releases");
        assertTrue("the canary is still there: " + releases, releases.matches("(?s).*ACTIVE +canary +50%.*"));
    }

    /** The sum of the governed request errors of user and payment. */
    private static double errors(String metrics) {
        Matcher m = Pattern.compile("^keel_http_request_errors_total\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE)
                .matcher(metrics);
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains("plugin=\"user\"") || m.group(1).contains("plugin=\"payment\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}
