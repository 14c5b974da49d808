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

/** JSON over real HTTP to a Keel instance on 127.0.0.1, for the business API tests. */
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
    private final int port;
    /** Sent with every request: the bearer token of {@link #as}, or nothing. */
    private final Map<String, String> always;

    public Api(int port) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), port, Map.of());
    }

    private Api(HttpClient http, int port, Map<String, String> always) {
        this.http = http;
        this.port = port;
        this.always = always;
    }

    /** The same Keel, every request with {@code Authorization: Bearer token}. */
    public Api as(String token) {
        return new Api(http, port, Map.of("Authorization", "Bearer " + token));
    }

    /** The same Keel without a token. */
    public Api anonymous() {
        return new Api(http, port, Map.of());
    }

    /**
     * The client for the Keel a pax-exam test runs in, once its HTTP entry
     * answers. The port is read in the framework: the test class is loaded again
     * there, so a static port drawn by the test runner would differ.
     */
    public static Api inFramework(org.osgi.framework.BundleContext context) {
        Api api = new Api(Integer.parseInt(context.getProperty("org.osgi.service.http.port")));
        Await.until("the HTTP entry answers", java.time.Duration.ofSeconds(30), () -> {
            try {
                return api.get("/api/nowhere").status() == 404;
            } catch (UncheckedIOException notYet) {
                return false;
            }
        });
        return api;
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    /** A GET with extra headers. */
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
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        always.forEach(b::header);
        return b;
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
