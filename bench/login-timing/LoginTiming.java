import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Times customer logins by kind (right password, wrong password, unknown e-mail); see run. */
public final class LoginTiming {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String base = "http://127.0.0.1:" + args[0] + "/api/user";
        int rounds = Integer.parseInt(args[1]);
        String email = "timing-" + UUID.randomUUID() + "@example.com";
        String password = "correct horse battery";
        HttpResponse<String> reg = post(base + "/users", Map.of("name", "Timing", "email", email,
                "password", password));
        if (reg.statusCode() != 201) {
            throw new IllegalStateException("registration failed: " + reg.statusCode() + " " + reg.body());
        }
        Map<String, Map<String, String>> kinds = new LinkedHashMap<>();
        kinds.put("right password", Map.of("email", email, "password", password));
        kinds.put("wrong password", Map.of("email", email, "password", "not the password"));
        kinds.put("unknown e-mail", Map.of("email", "nobody-" + UUID.randomUUID() + "@example.com",
                "password", "not the password"));
        Map<String, Integer> expected = Map.of("right password", 200, "wrong password", 401, "unknown e-mail", 401);
        Map<String, List<Long>> micros = new LinkedHashMap<>();
        kinds.keySet().forEach(k -> micros.put(k, new ArrayList<>()));
        for (int i = 0; i < rounds + 5; i++) { // the first 5 rounds warm up and are not counted
            for (Map.Entry<String, Map<String, String>> kind : kinds.entrySet()) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = post(base + "/sessions", kind.getValue());
                long us = (System.nanoTime() - t0) / 1000;
                if (r.statusCode() != expected.get(kind.getKey())) {
                    throw new IllegalStateException(kind.getKey() + ": " + r.statusCode() + " " + r.body());
                }
                if (i >= 5) {
                    micros.get(kind.getKey()).add(us);
                }
            }
        }
        System.out.printf("customer logins, %d of each kind, interleaved (ms):%n", rounds);
        System.out.printf("%-16s %8s %8s %8s%n", "kind", "median", "p90", "min");
        for (Map.Entry<String, List<Long>> e : micros.entrySet()) {
            List<Long> v = e.getValue();
            Collections.sort(v);
            System.out.printf("%-16s %8.1f %8.1f %8.1f%n", e.getKey(), v.get(v.size() / 2) / 1000.0,
                    v.get((int) (v.size() * 0.9)) / 1000.0, v.get(0) / 1000.0);
        }
    }

    private static HttpResponse<String> post(String url, Object body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
