package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.Plugin;
import dev.keel.api.PluginState;
import dev.keel.api.http.KeelHttpClient;
import dev.keel.api.http.KeelRoute;
import dev.keel.itests.fixture.http.HttpFixturePlugin;
import dev.keel.itests.fixture.http.HttpFixtureServlet;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The kernel's HTTP entry and outbound client on the real bundles: real Jetty,
 * real HTTP on 127.0.0.1, and a fixture plugin bundle ({@link HttpFixturePlugin}
 * with {@link HttpFixtureServlet} at route {@code /things}).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpEntryIT extends KeelTest {

    private static final String PROBLEM = "application/problem+json";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Configuration
    public Option[] config() throws IOException {
        return KeelOptions.kernelOnly(KeelOptions.freePort(),
                CoreOptions.bundle(FixtureBundles.build("dev.keel.itest.httpfixture", "1.0.0", Map.of(), Map.of(),
                        HttpFixturePlugin.class, HttpFixtureServlet.class).toUri().toString()).startLevel(3));
    }

    @After
    public void cleanUp() {
        registrations.forEach(r -> {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered by the test itself
            }
        });
        if (runtime.plugin("fixture").map(p -> p.state() != PluginState.ACTIVE).orElse(false)) {
            runtime.start("fixture");
        }
    }

    @Test
    public void aPluginRouteAnswersBelowThePluginsPrefixWithARequestId() throws Exception {
        HttpResponse<String> r = get("/api/fixture/things/hello");
        assertEquals(r.body(), 200, r.statusCode());
        Map<String, String> seen = lines(r.body());
        assertEquals("/api/fixture/things", seen.get("servletPath"));
        assertEquals("/hello", seen.get("pathInfo"));
        assertEquals("init parameter from servlet.init.greeting", "hello", seen.get("initParameter"));
        assertEquals("init() called once by the kernel", "1", seen.get("inits"));
        assertEquals("true", seen.get("context"));
        String id = r.headers().firstValue("X-Request-Id").orElseThrow();
        assertTrue(id, id.matches("[0-9a-f-]{36}"));
        assertEquals("request attribute", id, seen.get("attribute"));
        assertEquals("request header", id, seen.get("header"));
        assertNotEquals("a new id per request", id, get("/api/fixture/things/hello").headers()
                .firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    public void aValidIncomingRequestIdIsKeptAndAnInvalidOneReplaced() throws Exception {
        HttpResponse<String> kept = send(request("/api/fixture/things/hello").header("X-Request-Id", "edge-42:a.b").GET());
        assertEquals("edge-42:a.b", kept.headers().firstValue("X-Request-Id").orElseThrow());
        assertEquals("edge-42:a.b", lines(kept.body()).get("header"));

        HttpResponse<String> replaced = send(request("/api/fixture/things/hello")
                .header("X-Request-Id", "<script>alert(1)</script>").GET());
        String id = replaced.headers().firstValue("X-Request-Id").orElseThrow();
        assertTrue(id, id.matches("[0-9a-f-]{36}"));
        assertEquals(id, lines(replaced.body()).get("header"));
    }

    @Test
    public void unknownPluginsRoutesAndPathsAre404Problems() throws Exception {
        for (String path : List.of("/api/nope/things", "/api/fixture/unknown", "/api", "/api/", "/nowhere/at/all")) {
            HttpResponse<String> r = get(path);
            JsonNode problem = problem(r, 404);
            assertEquals(path, "Not Found", problem.get("title").asText());
            assertEquals(path, r.headers().firstValue("X-Request-Id").orElseThrow(), problem.get("requestId").asText());
            assertEquals(path, path, problem.get("instance").asText());
        }
        assertTrue(problem(get("/api/nope/things"), 404).get("detail").asText().contains("No plugin named nope"));
        assertTrue(problem(get("/api/fixture/unknown"), 404).get("detail").asText().contains("has no route"));
    }

    @Test
    public void errorsOfOtherWhiteboardServletsAreProblemsToo() throws Exception {
        registrations.add(context.registerService(Servlet.class, new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                if ("/throw".equals(req.getPathInfo())) {
                    throw new IllegalStateException("secret: jdbc password is hunter2");
                }
                resp.sendError(400, "bad thing");
            }
        }, new Hashtable<>(Map.of("osgi.http.whiteboard.servlet.pattern", "/itest/*"))));
        Await.until("/itest/* served", WAIT, () -> {
            try {
                return get("/itest/bad").statusCode() == 400;
            } catch (Exception e) {
                return false;
            }
        });
        HttpResponse<String> thrown = get("/itest/throw");
        problem(thrown, 500);
        assertFalse(thrown.body(), thrown.body().contains("hunter2"));
        assertEquals("bad thing", problem(get("/itest/bad"), 400).get("detail").asText());
    }

    @Test
    public void requestsJettyRejectsBeforeAnyServletRunsAreProblemsToo() throws Exception {
        String big = "X-Big: " + "a".repeat(64 * 1024) + "\r\n";
        Map<String, Integer> cases = new LinkedHashMap<>();
        cases.put("GET /api/%zz HTTP/1.1\r\n", 400);
        cases.put("GET /api/a%2Fb HTTP/1.1\r\n", 400);
        cases.put("GET /api/fixture/things/hello HTTP/1.1\r\n" + big, 431);
        for (Map.Entry<String, Integer> c : cases.entrySet()) {
            String raw = rawRequest(c.getKey() + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertTrue(raw, raw.startsWith("HTTP/1.1 " + c.getValue() + " "));
            String lower = raw.toLowerCase(java.util.Locale.ROOT);
            assertTrue(raw, lower.contains("content-type: application/problem+json"));
            assertFalse(raw, lower.contains("<html"));
            JsonNode problem = json.readTree(raw.substring(raw.indexOf("\r\n\r\n") + 4));
            assertEquals(raw, (int) c.getValue(), problem.get("status").asInt());
            assertTrue(raw, problem.hasNonNull("requestId"));
            assertFalse(raw, raw.contains("/badMessage"));
        }

    }

    @Test
    public void aProblemExceptionBecomesItsProblemWithFieldErrors() throws Exception {
        JsonNode problem = problem(get("/api/fixture/things/problem"), 422);
        assertEquals("about:blank", problem.get("type").asText());
        assertEquals("Validation failed", problem.get("title").asText());
        assertEquals(422, problem.get("status").asInt());
        assertEquals("2 fields are invalid", problem.get("detail").asText());
        assertEquals("/api/fixture/things/problem", problem.get("instance").asText());
        assertEquals(2, problem.get("errors").size());
        assertEquals("name", problem.get("errors").get(0).get("field").asText());
        assertEquals("must not be blank", problem.get("errors").get(0).get("message").asText());
        assertEquals("quantity", problem.get("errors").get(1).get("field").asText());
    }

    @Test
    public void anUncaughtExceptionIsA500WithoutItsMessageOrStackTrace() throws Exception {
        for (String path : List.of("/api/fixture/things/boom", "/api/fixture/things/half-written")) {
            HttpResponse<String> r = get(path);
            JsonNode problem = problem(r, 500);
            assertFalse(r.body(), r.body().contains("hunter2"));
            assertFalse(r.body(), r.body().contains("partial output"));
            assertFalse(r.body(), r.body().contains("Exception"));
            assertFalse(r.body(), r.body().contains("\tat "));
            assertTrue(problem.get("detail").asText().contains(problem.get("requestId").asText()));
        }
    }

    @Test
    public void sendErrorAndUnsupportedMethodsBecomeProblems() throws Exception {
        JsonNode conflict = problem(get("/api/fixture/things/conflict"), 409);
        assertEquals("Conflict", conflict.get("title").asText());
        assertEquals("Order 7 was changed meanwhile", conflict.get("detail").asText());

        problem(send(request("/api/fixture/things/hello").DELETE()), 405);
        HttpResponse<String> trace = send(request("/api/fixture/things/hello").header("Cookie", "session=s3cret")
                .method("TRACE", BodyPublishers.noBody()));
        problem(trace, 405);
        assertFalse(trace.body(), trace.body().contains("s3cret"));
        problem(send(request("/api/fixture/things/hello").PUT(BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json")), 405);
    }

    @Test
    public void bodiesOverTheConfiguredLimitAre413AndWrongMediaTypes415() throws Exception {
        configure("keel.http", "max.body.bytes", 1024L);
        assertEquals("read=1000", post(BodyPublishers.ofByteArray(new byte[1000]), "application/json").body());
        assertEquals("read=900", post(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[900])),
                "application/json").body());

        problem(post(BodyPublishers.ofByteArray(new byte[2000]), "application/json"), 413);
        HttpResponse<String> chunked = post(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[5000])),
                "application/json");
        problem(chunked, 413);

        problem(post(BodyPublishers.ofString("name=x"), "application/x-www-form-urlencoded"), 415);
        assertEquals(200, post(BodyPublishers.ofString("{}"), "application/merge-patch+json").statusCode());
    }

    @Test
    public void aRouteAnswers503WhileItsPluginIsStoppedAnd200Again() throws Exception {
        assertEquals(PluginState.STOPPED, runtime.stop("fixture").state());
        HttpResponse<String> stopped = get("/api/fixture/things/hello");
        JsonNode problem = problem(stopped, 503);
        assertEquals("5", stopped.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(problem.get("detail").asText(), problem.get("detail").asText().contains("STOPPED"));

        assertEquals(PluginState.ACTIVE, runtime.start("fixture").state());
        assertEquals(200, get("/api/fixture/things/hello").statusCode());
    }

    @Test
    public void aServletRegisteredBeforeItsPluginIsServedOnceThePluginIsActiveAndDestroyedWhenGone() throws Exception {
        java.util.concurrent.atomic.AtomicInteger inits = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger destroys = new java.util.concurrent.atomic.AtomicInteger();
        ServiceRegistration<Servlet> servlet = context.registerService(Servlet.class, new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            public void init() {
                inits.incrementAndGet();
            }

            @Override
            public void destroy() {
                destroys.incrementAndGet();
            }

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setContentType("text/plain");
                resp.getWriter().write("late " + req.getPathInfo());
            }
        }, new Hashtable<>(Map.of(KeelRoute.ROUTE, "/")));
        registrations.add(servlet);
        problem(get("/api/late/x"), 404);

        registrations.add(context.registerService(Plugin.class, new Plugin() {
            public String name() {
                return "late";
            }

            public String version() {
                return "2.0.0";
            }

            public void start() {
            }

            public void stop() {
            }
        }, null));
        awaitState("late", PluginState.ACTIVE);
        HttpResponse<String> r = get("/api/late/x/y");
        assertEquals(r.body(), 200, r.statusCode());
        assertEquals("late /x/y", r.body());
        assertEquals("late /", get("/api/late").body());
        assertEquals(1, inits.get());

        servlet.unregister();
        assertEquals("destroy() called when the servlet service goes", 1, destroys.get());
        assertTrue(problem(get("/api/late/x"), 404).get("detail").asText().contains("has no route"));
    }

    @Test
    public void aBodyTheRouteLeftUnreadDoesNotCloseTheConnectionUnderTheClient() throws Exception {
        java.util.concurrent.CountDownLatch answered = new java.util.concurrent.CountDownLatch(1);
        registrations.add(context.registerService(Servlet.class, new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setContentType("text/plain");
                resp.setContentLength(2);
                resp.getWriter().write("ok"); // the body is not read
                answered.countDown();
            }
        }, new Hashtable<>(Map.of(KeelRoute.ROUTE, "/"))));
        registrations.add(context.registerService(Plugin.class, new Plugin() {
            public String name() {
                return "unread";
            }

            public String version() {
                return "1.0.0";
            }

            public void start() {
            }

            public void stop() {
            }
        }, null));
        Await.until("plugin unread ACTIVE", WAIT,
                () -> runtime.plugin("unread").map(p -> p.state() == PluginState.ACTIVE).orElse(false));
        assertAnsweredAndKeptAliveWithALateBody("/api/unread/x", answered, "HTTP/1.1 200");

        // outside /api: a whiteboard servlet's error (here 405) is answered by the kernel's error page
        java.util.concurrent.CountDownLatch refused = new java.util.concurrent.CountDownLatch(1);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.servlet.pattern", "/unread-outside");
        registrations.add(context.registerService(Servlet.class, new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                refused.countDown();
                resp.sendError(405, "not here");
            }
        }, props));
        Await.until("/unread-outside served", WAIT, () -> {
            try {
                return get("/unread-outside").statusCode() == 405;
            } catch (Exception e) {
                return false;
            }
        });
        assertAnsweredAndKeptAliveWithALateBody("/unread-outside", refused, "HTTP/1.1 405");
    }

    /**
     * Sends a request whose announced body comes only after the servlet has
     * answered without reading it; the connection must then either say
     * {@code Connection: close} or answer the next request on it.
     */
    private void assertAnsweredAndKeptAliveWithALateBody(String path, java.util.concurrent.CountDownLatch ran,
            String status) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1",
                Integer.parseInt(context.getProperty("org.osgi.service.http.port")))) {
            socket.setSoTimeout(30_000);
            java.io.OutputStream out = socket.getOutputStream();
            java.io.InputStream in = socket.getInputStream();
            out.write(ascii("GET " + path + " HTTP/1.1\r\nHost: keel\r\nAuthorization: " + bearer()
                    + "\r\nContent-Length: 7\r\n\r\n"));
            out.flush();
            assertTrue("the servlet ran", ran.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
            out.write(ascii("{\"a\":1}"));
            out.flush();
            String first = rawResponse(in);
            assertTrue(first, first.startsWith(status));
            // a connection the server closes must say so; this one was kept alive, so it must answer again
            if (!first.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close")) {
                out.write(ascii("GET /health/live HTTP/1.1\r\nHost: keel\r\n\r\n"));
                out.flush();
                String second = rawResponse(in);
                assertTrue("the next request on the kept-alive connection is answered: " + second,
                        second.startsWith("HTTP/1.1 200"));
            }
        }
    }

    @Test
    public void everyRequestWritesAnAccessLogLine() throws Exception {
        configure("keel.http", "access.log", Boolean.TRUE);
        java.nio.file.Path file = java.nio.file.Path.of(context.getProperty("keel.log.file")).resolveSibling("access.log");
        send(request("/api/fixture/things/hello").header("X-Request-Id", "access-log-1").GET());
        send(request("/api/fixture/things/problem").header("X-Request-Id", "access-log-2").GET());
        java.util.function.Supplier<List<String>> lines = () -> {
            try {
                return java.nio.file.Files.exists(file) ? java.nio.file.Files.readAllLines(file) : List.of();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        Await.until("two access log lines in " + file, WAIT, () -> find(lines.get(), "access-log-1") != null
                && find(lines.get(), "access-log-2") != null, () -> lines.get().toString());
        String ok = find(lines.get(), "access-log-1");
        assertTrue(ok, ok.matches("\\d{4}-\\d\\d-\\d\\dT\\S+ GET /api/fixture/things/hello 200 .*"));
        assertTrue(ok, ok.contains("plugin=fixture/1.0.0"));
        assertTrue(ok, ok.matches(".* \\d+ms \\d+B .*"));
        assertTrue(find(lines.get(), "access-log-2"),
                find(lines.get(), "access-log-2").contains(" GET /api/fixture/things/problem 422 "));
    }

    @Test
    public void theOutboundClientNamesTheCallingPluginAndAppliesTheReadTimeout() throws Exception {
        configure("keel.http.client", "read.timeout.ms", 1000L);
        String target = base() + "/api/fixture/things/headers";
        HttpResponse<String> r = send(request("/api/fixture/things/call?target=" + target)
                .header("X-Request-Id", "outbound-1").GET());
        assertEquals(r.body(), 200, r.statusCode());
        Map<String, String> seen = lines(r.body());
        assertEquals("Keel/0.1.0 (plugin fixture/1.0.0)", seen.get("User-Agent"));
        assertEquals("fixture/1.0.0", seen.get("X-Keel-Plugin"));
        assertEquals("the inbound request id travels on", "outbound-1", seen.get("X-Request-Id"));

        ServiceReference<KeelHttpClient> ref = context.getServiceReference(KeelHttpClient.class);
        KeelHttpClient client = context.getService(ref);
        try {
            URI slow = URI.create(base() + "/api/fixture/things/slow?ms=6000");
            for (HttpRequest req : List.of(client.newRequest(slow).header("Authorization", bearer()).GET().build(),
                    HttpRequest.newBuilder(slow).header("Authorization", bearer()).GET().build())) {
                long start = System.nanoTime();
                try {
                    client.send(req, BodyHandlers.ofString());
                    fail("no timeout");
                } catch (HttpTimeoutException expected) {
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    assertTrue("timed out after " + ms + " ms", ms >= 900 && ms < 5000);
                }
            }
        } finally {
            context.ungetService(ref);
        }
    }

    // --- helpers ---------------------------------------------------------------------

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** One HTTP/1.1 response with a Content-Length from the stream: its head and body, or what came before EOF. */
    private static String rawResponse(java.io.InputStream in) throws IOException {
        java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String h = head.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
            if (h.endsWith("\r\n\r\n")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\r\ncontent-length: *(\\d+)").matcher(h);
                byte[] body = in.readNBytes(m.find() ? Integer.parseInt(m.group(1)) : 0);
                return h + new String(body, java.nio.charset.StandardCharsets.ISO_8859_1);
            }
        }
        return head.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private String rawRequest(String request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1",
                Integer.parseInt(context.getProperty("org.osgi.service.http.port")))) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    private static String find(List<String> lines, String needle) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.contains("rid=" + needle + " ")).findFirst().orElse(null);
        }
    }

    private String base() {
        return "http://127.0.0.1:" + context.getProperty("org.osgi.service.http.port");
    }

    /** A request with the test operator's token (every /api call needs one). */
    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base() + path)).timeout(WAIT).header("Authorization", bearer());
    }

    private String bearer() {
        return "Bearer " + api().token();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(request(path).GET());
    }

    private HttpResponse<String> post(HttpRequest.BodyPublisher body, String contentType) throws Exception {
        return send(request("/api/fixture/things/echo").header("Content-Type", contentType).POST(body));
    }

    /** Sends a request once the entry serves (the first requests may race the fixture's start). */
    private HttpResponse<String> send(HttpRequest.Builder builder) throws Exception {
        Await.until("fixture plugin ACTIVE", WAIT,
                () -> runtime.plugin("fixture").map(p -> p.state() == PluginState.ACTIVE).orElse(false)
                        || runtime.plugin("fixture").map(p -> p.state() == PluginState.STOPPED).orElse(false));
        return http.send(builder.build(), BodyHandlers.ofString());
    }

    private JsonNode problem(HttpResponse<String> r, int status) throws IOException {
        assertEquals(r.body(), status, r.statusCode());
        assertEquals(r.body(), PROBLEM, r.headers().firstValue("Content-Type").orElse(""));
        JsonNode problem = json.readTree(r.body());
        assertEquals(status, problem.get("status").asInt());
        assertTrue(r.body(), problem.hasNonNull("type") && problem.hasNonNull("title") && problem.hasNonNull("requestId"));
        return problem;
    }

    private static Map<String, String> lines(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        body.lines().forEach(l -> {
            int eq = l.indexOf('=');
            if (eq > 0) {
                out.put(l.substring(0, eq), l.substring(eq + 1));
            }
        });
        return out;
    }

    /** Sets one configuration property and waits until the component's service shows it. */
    private void configure(String pid, String key, Object value) throws Exception {
        org.osgi.service.cm.Configuration cfg = configAdmin.getConfiguration(pid, "?");
        Hashtable<String, Object> props = new Hashtable<>();
        if (cfg.getProperties() != null) {
            Collections.list(cfg.getProperties().keys()).forEach(k -> props.put(k, cfg.getProperties().get(k)));
        }
        props.put(key, value);
        cfg.update(props);
        Await.until(pid + " " + key + " = " + value + " applied", WAIT, () -> {
            try {
                ServiceReference<?>[] refs = context.getAllServiceReferences(null, "(component.name=*)");
                if (refs == null) {
                    return false;
                }
                for (ServiceReference<?> ref : refs) {
                    if (pid.equals(ref.getProperty("service.pid")) && Objects.equals(value, ref.getProperty(key))) {
                        return true;
                    }
                }
                return false;
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
