package dev.keel.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON over real HTTP to a Keel instance on this machine (127.0.0.1 unless told), for the business API tests. */
public final class Api {

    /** A response: status, headers and the body parsed as JSON (null when empty or not JSON). */
    public record Reply(int status, HttpResponse<String> raw, JsonNode json) {

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final String host;
    private final int port;
    /** The bearer token sent with every request, or null for an anonymous client. */
    private final String token;

    /** An anonymous client (no token). */
    public Api(int port) {
        this("127.0.0.1", port);
    }

    /** An anonymous client of the Keel at {@code host} (an address of this machine, e.g. a test namespace's). */
    public Api(String host, int port) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), host, port, null);
    }

    private Api(HttpClient http, String host, int port, String token) {
        this.http = http;
        this.host = host;
        this.port = port;
        this.token = token;
    }

    /**
     * The client for the Keel a pax-exam test runs in, once its HTTP entry
     * answers, logged in as the test operator ({@link Operators}, role admin),
     * whom it writes into {@code <keel.home>/etc/keel.users} first. The port is
     * read in the framework: the test class is loaded again there, so a static
     * port drawn by the test runner would differ.
     */
    public static Api inFramework(org.osgi.framework.BundleContext context) {
        java.nio.file.Path home = java.nio.file.Path.of(context.getProperty("keel.home"));
        if (!usersFileNames(home, Operators.NAME)) {
            Operators.writeTestOperator(home);
        }
        Api api = new Api(Integer.parseInt(context.getProperty("org.osgi.service.http.port")));
        Await.until("the HTTP entry answers", java.time.Duration.ofSeconds(30), () -> {
            try {
                return api.get("/auth/jwks").status() == 200 && api.get("/api/nowhere").status() == 401;
            } catch (UncheckedIOException notYet) {
                return false;
            }
        });
        // one login per framework (the probe's classes live as long as it): PBKDF2 is slow by design, and logins
        // from one address are rate limited
        String key = context.getProperty("org.osgi.service.http.port") + " " + home;
        String known = TOKENS.get(key);
        if (known != null) {
            return api.withToken(known);
        }
        Api in = api.login(Operators.NAME, Operators.PASSWORD);
        TOKENS.put(key, in.token());
        return in;
    }

    private static final Map<String, String> TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    private static boolean usersFileNames(java.nio.file.Path home, String name) {
        java.nio.file.Path file = home.resolve("etc/keel.users");
        try {
            return java.nio.file.Files.exists(file)
                    && java.nio.file.Files.readAllLines(file).stream().anyMatch(l -> l.startsWith(name + " "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Logs in with {@code POST /auth/token} (waiting, bounded, until the login answers 200) and returns a
     * client that sends the token with every request.
     */
    public Api login(String username, String password) {
        Reply[] last = new Reply[1];
        Await.until("POST /auth/token logs " + username + " in", java.time.Duration.ofSeconds(30), () -> {
            try {
                last[0] = anonymous().post("/auth/token", Map.of("username", username, "password", password));
                return last[0].status() == 200;
            } catch (UncheckedIOException notYet) {
                return false;
            }
        }, () -> last[0]);
        return withToken(last[0].json().get("token").asText());
    }

    /** The same client sending {@code Authorization: Bearer <token>}. */
    public Api withToken(String bearer) {
        return new Api(http, host, port, bearer);
    }

    /** The same client without a token. */
    public Api anonymous() {
        return token == null ? this : new Api(http, host, port, null);
    }

    /** The token this client sends, or null. */
    public String token() {
        return token;
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    /** GET with more headers. */
    public Reply get(String path, Map<String, String> headers) {
        HttpRequest.Builder b = request(path).GET();
        headers.forEach(b::header);
        return send(b);
    }

    public Reply post(String path, Object body) {
        return post(path, body, Map.of());
    }

    /** POSTs a body: a String is sent as it is, anything else as JSON. */
    public Reply post(String path, Object body, Map<String, String> headers) {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : json(body)));
        headers.forEach(b::header);
        return send(b);
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .timeout(Duration.ofSeconds(30));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    private Reply send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode node = null;
            try {
                node = r.body().isEmpty() ? null : JSON.readTree(r.body());
            } catch (IOException notJson) {
                // left null: the test asserts on the raw body
            }
            return new Reply(r.statusCode(), r, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
