package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.Before;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * The admin surfaces on the real bundles: /admin behind tokens and roles,
 * JSON bodies only, same origin (Origin and Host); code loading only from the
 * Keel home or https:// with an optional required SHA-256; every install,
 * update, uninstall, configuration change and release action in
 * audit.log with who, from where, the artifact's location and SHA-256;
 * forced routing only for testers; /metrics and the health details behind roles.
 * The steps build on each other, so they run in name order.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class AdminSecurityIT extends KeelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String SCRAPE = "scrape-token-for-the-admin-security-it-0123456789";

    @Configuration
    public Option[] config() {
        return KeelOptions.keel(KeelOptions.freePort(), frameworkProperty("keel.it.examples")
                .value(KeelOptions.dist().resolve("examples").toAbsolutePath().toString()),
                frameworkProperty("keel.it.plugins").value(KeelOptions.dist().resolve("deploy").toAbsolutePath()
                        .toString()));
    }

    private Path home;
    private int port;

    @Before
    public void connect() {
        home = Path.of(context.getProperty("keel.home"));
        port = Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
        api();
        awaitBusinessPlugins();
    }

    /** A token of a user with these roles, written to etc/keel.users first. */
    private String token(String name, String roles) {
        Path users = home.resolve("etc/keel.users");
        try {
            if (!Files.exists(users) || Files.readAllLines(users).stream().noneMatch(l -> l.startsWith(name + " "))) {
                Operators.write(home, name, roles, name + "-password");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return api().anonymous().login(name, name + "-password").token();
    }

    private String admin() {
        return api().token();
    }

    /** A request with a token (or none), a content type and body (or none) and more headers. */
    private HttpResponse<String> send(String method, String path, String token, String contentType, String body,
            Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> post(String path, String token, Object body) {
        return send("POST", path, token, "application/json", Api.json(body), Map.of());
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    private static void assertProblem(HttpResponse<String> r, int status) {
        assertEquals(r.statusCode() + " " + r.body(), status, r.statusCode());
        assertTrue(r.headers().toString(), r.headers().firstValue("Content-Type").orElse("")
                .startsWith("application/problem+json"));
        assertEquals(status, json(r).get("status").asInt());
    }

    /** The audit log's lines as JSON objects. */
    private List<JsonNode> audit() {
        Path file = Path.of(context.getProperty("keel.log.file")).resolveSibling("audit.log");
        List<JsonNode> out = new ArrayList<>();
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    out.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private JsonNode auditLine(String action, String result, String detailKey, String detailValue) {
        return auditLine(action, result, detailKey, detailValue, null);
    }

    /** The first audit line of an action whose result starts so, with a detail (if given) and coming via (if given). */
    private JsonNode auditLine(String action, String result, String detailKey, String detailValue, String via) {
        for (JsonNode line : audit()) {
            if (line.get("action").asText().equals(action) && line.get("result").asText().startsWith(result)
                    && (detailKey == null || detailValue.equals(line.get("details").path(detailKey).asText()))
                    && (via == null || via.equals(line.get("via").asText()))) {
                return line;
            }
        }
        throw new AssertionError("no audit line " + action + " " + result + " " + detailKey + "=" + detailValue
                + " via " + via + " in " + audit());
    }

    private Path paymentJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(context.getProperty("keel.it.plugins")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("payment-bundle")).findFirst().orElseThrow();
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    public void a_adminNeedsATokenAndTheRoleOfTheOperation() {
        HttpResponse<String> none = send("GET", "/admin/releases", null, null, null, Map.of());
        assertProblem(none, 401);
        assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(null));

        String viewer = token("itest-viewer", "viewer");
        assertEquals(200, send("GET", "/admin/releases", viewer, null, null, Map.of()).statusCode());
        assertEquals(200, send("GET", "/admin/plugins", viewer, null, null, Map.of()).statusCode());
        HttpResponse<String> change = post("/admin/releases/payment/rollback", viewer, Map.of());
        assertProblem(change, 403);
        assertTrue(change.body(), json(change).get("detail").asText().contains("operator"));

        String operator = token("itest-operator", "operator");
        assertProblem(post("/admin/plugins/payment/update", operator, Map.of()), 403);
        assertProblem(post("/admin/plugins/install", operator, Map.of("location", "deploy/x.jar")), 403);
    }

    @Test
    public void b_adminTakesOnlyJsonFromItsOwnOrigin() throws Exception {
        AtomicInteger fetched = new AtomicInteger();
        HttpServer evil = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] jar = Files.readAllBytes(paymentJar());
        evil.createContext("/evil.jar", x -> {
            fetched.incrementAndGet();
            x.sendResponseHeaders(200, jar.length);
            x.getResponseBody().write(jar);
            x.close();
        });
        evil.start();
        try {
            String update = "{\"location\":\"http://127.0.0.1:" + evil.getAddress().getPort() + "/evil.jar\"}";
            // a browser page's simple POST: text/plain, no preflight
            assertProblem(send("POST", "/admin/plugins/payment/update", admin(), "text/plain", update, Map.of()), 415);
            // a foreign page's request with the admin's token (CSRF)
            assertProblem(send("POST", "/admin/plugins/payment/update", admin(), "application/json", update,
                    Map.of("Origin", "http://evil.example")), 403);
            // a foreign name resolving to this machine (DNS rebinding): Host is not this server
            String answer = rawPost("/admin/plugins/payment/update", "rebound.evil.example:" + port, update);
            assertTrue(answer, answer.startsWith("HTTP/1.1 403"));
            // and as JSON from here: plain http:// is refused before anything is fetched
            HttpResponse<String> http = send("POST", "/admin/plugins/payment/update", admin(), "application/json",
                    update, Map.of("Origin", "http://127.0.0.1:" + port));
            assertProblem(http, 400);
            assertTrue(http.body(), json(http).get("detail").asText().contains("plain http://"));
            assertEquals("nothing was downloaded", 0, fetched.get());
        } finally {
            evil.stop(0);
        }
    }

    /** A POST over a socket, with a Host header of our choosing (HttpClient sets its own); the status line and headers. */
    private String rawPost(String path, String host, String body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer "
                    + admin() + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    public void c_codeComesOnlyFromTheHomeAndMustMatchItsSha256() throws Exception {
        long before = bundle("dev.keel.payment-bundle").getLastModified();
        HttpResponse<String> outside = post("/admin/plugins/payment/update", admin(),
                Map.of("location", paymentJar().toString()));
        assertProblem(outside, 400);
        assertTrue(outside.body(), json(outside).get("detail").asText().contains("outside the Keel home"));

        Path jar = underHome(paymentJar(), "payment-rebuilt.jar");
        HttpResponse<String> mismatch = post("/admin/plugins/payment/update", admin(),
                Map.of("location", "builds/payment-rebuilt.jar", "sha256", "0".repeat(64)));
        assertProblem(mismatch, 400);
        assertTrue(mismatch.body(), json(mismatch).get("detail").asText().startsWith("SHA-256 mismatch"));
        assertEquals("not updated", before, bundle("dev.keel.payment-bundle").getLastModified());

        HttpResponse<String> ok = post("/admin/plugins/payment/update", admin(),
                Map.of("location", "builds/payment-rebuilt.jar", "sha256", sha256(jar)));
        assertEquals(ok.body(), 200, ok.statusCode());
        assertEquals("UPDATED", json(ok).get("deployment").get("action").asText());
        awaitState("payment", dev.keel.api.PluginState.ACTIVE);

        // the shell takes the same rules and --sha256
        try {
            String shell = Shell.run(context, "keel:update --sha256 " + "f".repeat(64)
                    + " payment builds/payment-rebuilt.jar");
            throw new AssertionError("keel:update with a wrong --sha256 updated: " + shell);
        } catch (IllegalArgumentException refused) {
            assertTrue(refused.getMessage(), refused.getMessage().startsWith("SHA-256 mismatch"));
        }
    }

    @Test
    public void d_forcedRoutingOnlyForTestersAndReleaseActionsAudited() throws Exception {
        Path next = underHome(Path.of(context.getProperty("keel.it.examples")).resolve("payment-bundle-next.jar"),
                "payment-bundle-next.jar");
        HttpResponse<String> install = post("/admin/plugins/install", admin(),
                Map.of("location", next.toString(), "sha256", sha256(next)));
        assertEquals(install.body(), 200, install.statusCode());
        Await.until("payment 1.1.0 ACTIVE", PLUGIN_WAIT, () -> runtime.plugins().stream().anyMatch(p ->
                p.name().equals("payment") && p.version().startsWith("1.1.0.")
                        && p.state() == dev.keel.api.PluginState.ACTIVE), runtime::plugins);
        String operator = token("itest-operator", "operator");
        HttpResponse<String> canary = post("/admin/releases/payment/canary", operator,
                Map.of("version", "1.1.0", "weight", 0));
        assertEquals(canary.body(), 200, canary.statusCode());

        HttpResponse<String> paid = send("POST", "/api/payment/payments", admin(), "application/json",
                Api.json(Map.of("orderId", "o-forced", "amount", 10_000, "currency", "EUR")),
                Map.of("Idempotency-Key", java.util.UUID.randomUUID().toString()));
        assertEquals(paid.body(), 201, paid.statusCode());
        String payment = "/api/payment/payments/" + json(paid).get("id").asText();
        Map<String, String> force = Map.of("X-Keel-Version", "payment=1.1.0");
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> notTester = send("GET", payment, operator, null, null, force);
            assertEquals(notTester.body(), 200, notTester.statusCode());
            assertTrue("an operator is no tester: " + notTester.headers(), notTester.headers()
                    .firstValue("X-Payment-Version").orElse("").startsWith("1.0.0."));
            HttpResponse<String> tester = send("GET", payment, admin(), null, null, force);
            assertEquals(tester.body(), 200, tester.statusCode());
            assertTrue("admin implies tester: " + tester.headers(), tester.headers().firstValue("X-Payment-Version")
                    .orElse("").startsWith("1.1.0."));
        }

        HttpResponse<String> back = post("/admin/releases/payment/rollback", operator, Map.of());
        assertEquals(back.body(), 200, back.statusCode());
        Await.until("payment 1.1.0 gone", PLUGIN_WAIT, () -> runtime.plugins().stream().noneMatch(p ->
                p.name().equals("payment") && p.version().startsWith("1.1.0.")), runtime::plugins);
    }

    @Test
    public void e_configurationOverAdminIsAuditedWithSecretsMasked() throws Exception {
        String operator = token("itest-operator", "operator");
        HttpResponse<String> set = post("/admin/config/keel.metrics", operator,
                Map.of("values", Map.of("scrape.token", SCRAPE)));
        assertEquals(set.body(), 200, set.statusCode());
        Await.until("the scrape token applies", PLUGIN_WAIT,
                () -> send("GET", "/metrics", SCRAPE, null, null, Map.of()).statusCode() == 200);
        Shell.run(context, "keel:config keel.release rollback.window.s 61");
    }

    @Test
    public void f_metricsAndHealthDetailsNeedTheirRoles() {
        assertProblem(send("GET", "/metrics", null, null, null, Map.of()), 401);
        assertProblem(send("GET", "/metrics", token("itest-viewer", "viewer"), null, null, Map.of()), 403);
        assertProblem(send("GET", "/metrics", "x".repeat(40), null, null, Map.of()), 401);
        assertEquals(200, send("GET", "/metrics", token("itest-scraper", "metrics"), null, null, Map.of()).statusCode());
        assertEquals(200, send("GET", "/metrics", SCRAPE, null, null, Map.of()).statusCode());

        for (String probe : List.of("/health/ready", "/health")) {
            JsonNode anonymous = json(send("GET", probe, null, null, null, Map.of()));
            assertEquals(anonymous.toString(), List.of("status"), fieldNames(anonymous));
            assertEquals("UP", anonymous.get("status").asText());
            JsonNode viewer = json(send("GET", probe, token("itest-viewer", "viewer"), null, null, Map.of()));
            assertTrue(viewer.toString(), fieldNames(viewer).size() > 1);
        }
        JsonNode live = json(send("GET", "/health/live", null, null, null, Map.of()));
        assertEquals("UP", live.get("status").asText());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    public void g_everyActOfTheStepsAboveIsInTheAuditLog() throws Exception {
        JsonNode http = auditLine("bundle.update", "failed: refused", null, null);
        assertEquals(Operators.NAME, http.get("who").asText());
        assertEquals("http", http.get("via").asText());
        assertEquals("127.0.0.1", http.get("from").asText());
        assertTrue(http.toString(), http.get("result").asText().contains("plain http://"));

        Path jar = home.resolve("builds/payment-rebuilt.jar").toRealPath();
        JsonNode mismatch = auditLine("bundle.update", "failed: SHA-256 mismatch", "sha256", sha256(jar), "http");
        assertEquals(jar.toUri().toString(), mismatch.get("details").get("location").asText());
        JsonNode updated = auditLine("bundle.update", "ok", "sha256", sha256(jar));
        assertEquals(jar.toUri().toString(), updated.get("details").get("location").asText());
        assertEquals("payment", updated.get("target").asText());
        JsonNode shell = auditLine("bundle.update", "failed: SHA-256 mismatch", "sha256", sha256(jar), "console");
        assertEquals("local", shell.get("from").asText());

        Path next = home.resolve("builds/payment-bundle-next.jar").toRealPath();
        JsonNode installed = auditLine("bundle.install", "ok", "sha256", sha256(next));
        assertEquals(next.toUri().toString(), installed.get("details").get("location").asText());
        JsonNode canary = auditLine("release.canary", "ok", "version", "1.1.0");
        assertEquals("itest-operator", canary.get("who").asText());
        assertEquals("0", canary.get("details").get("weight").asText());
        JsonNode rollback = auditLine("release.rollback", "ok", "automatic", "false");
        assertEquals("itest-operator", rollback.get("who").asText());
        JsonNode uninstalled = auditLine("bundle.uninstall", "ok", null, null);
        assertEquals("the rollback's uninstall is the operator's", "itest-operator", uninstalled.get("who").asText());
        assertTrue(uninstalled.toString(), uninstalled.get("details").get("bundle").asText().contains("1.1.0."));

        JsonNode config = auditLine("config.set", "ok", "scrape.token", "********");
        assertEquals("keel.metrics", config.get("target").asText());
        assertFalse("the secret itself is not in the trail", audit().toString().contains(SCRAPE));
        JsonNode console = auditLine("config.set", "ok", "rollback.window.s", "61");
        assertEquals("console", console.get("via").asText());
    }
}
