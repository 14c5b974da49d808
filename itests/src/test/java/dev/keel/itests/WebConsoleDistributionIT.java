package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.Test;
import org.openqa.selenium.By;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Felix Web Console of the distribution ({@code bin/keel} as a process): off by default ({@code /system/console}
 * is 404 and none of {@code webconsole/} is installed); with {@code etc/keel.webconsole.cfg} {@code enabled=true} it
 * serves {@code /system/console} to operators with the role {@code admin} only, logged in with the users and
 * passwords of {@code etc/keel.users} (HTTP Basic) or a token of {@code POST /auth/token}, audited; a foreign page's
 * action is refused; turned off again at run time, it is gone.
 */
public class WebConsoleDistributionIT {

    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final String VIEWER = "itest-viewer";
    private static final String CONSOLE = "/system/console";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    public void offByDefault() throws Exception {
        try (KeelProcess keel = KeelProcess.copyOfDistribution().start()) {
            Await.until("/health answers 200", BOOT, () -> keel.status("/health") == 200 || !keel.alive(),
                    keel::output);
            assertEquals(404, send(keel, "GET", CONSOLE + "/bundles.json", admin(), Map.of()).statusCode());
            assertEquals(404, send(keel, "GET", CONSOLE + "/", null, Map.of()).statusCode());
            keel.type("lb -s");
            Await.until("the console lists the bundles", () -> keel.output().contains("dev.keel.kernel-bundle"),
                    keel::output);
            assertFalse("no Web Console bundle is installed:\n" + keel.output(),
                    keel.output().contains("org.apache.felix.webconsole"));
        }
    }

    @Test
    public void onForAdminsWithKeelsLoginOnly() throws Exception {
        try (KeelProcess keel = KeelProcess.copyOfDistribution()) {
            Operators.write(keel.home(), VIEWER, "viewer", Operators.PASSWORD);
            Files.writeString(keel.home().resolve("etc/keel.webconsole.cfg"), "enabled=true\n");
            keel.start();
            Await.until("/system/console/bundles.json answers an admin", BOOT, () -> !keel.alive()
                    || status(keel, "GET", CONSOLE + "/bundles.json", admin()) == 200, keel::output);

            // no login: a challenge the browser answers with its login dialog
            HttpResponse<String> anonymous = send(keel, "GET", CONSOLE + "/bundles", null, Map.of());
            assertEquals(401, anonymous.statusCode());
            assertEquals("Basic realm=\"Keel\", charset=\"UTF-8\"",
                    anonymous.headers().firstValue("WWW-Authenticate").orElse(""));
            assertEquals("a wrong password", 401, status(keel, "GET", CONSOLE + "/bundles",
                    basic(Operators.NAME, "not-the-password")));
            assertEquals("a viewer", 403, status(keel, "GET", CONSOLE + "/bundles", basic(VIEWER,
                    Operators.PASSWORD)));
            assertEquals("a viewer's token", 403, status(keel, "GET", CONSOLE + "/bundles", "Bearer "
                    + keel.api().anonymous().login(VIEWER, Operators.PASSWORD).token()));

            // an admin: the Web Console itself, its bundle list with Keel's kernel ACTIVE
            HttpResponse<String> page = send(keel, "GET", CONSOLE + "/bundles", admin(), Map.of());
            assertEquals(200, page.statusCode());
            assertTrue(page.body(), page.body().contains("Apache Felix Web Console"));
            assertEquals("SAMEORIGIN", page.headers().firstValue("X-Frame-Options").orElse(""));
            JsonNode kernel = bundle(keel, "dev.keel.kernel-bundle", admin());
            assertEquals(kernel.toString(), "Active", kernel.get("state").asText());
            String token = "Bearer " + keel.api().token();
            assertEquals("an admin's bearer token", "Active", bundle(keel, "dev.keel.kernel-bundle", token)
                    .get("state").asText());
            HttpResponse<String> components = send(keel, "GET", CONSOLE + "/components", admin(), Map.of());
            assertEquals(200, components.statusCode());
            assertTrue("the DS plugin lists Keel's components: " + components.body(), components.body().contains(
                    "\"name\":\"dev.keel.webconsole.internal.KeelSecurityProvider\",\"state\":\"active\""));

            // a foreign page's action (the browser sends the cached Basic credentials along): refused, nothing done
            long ds = bundle(keel, "org.apache.felix.webconsole.plugins.ds", admin()).get("id").asLong();
            String stop = CONSOLE + "/bundles/" + ds;
            HttpResponse<String> forged = send(keel, "POST", stop, admin(), Map.of("Origin", "http://evil.example",
                    "Content-Type", "application/x-www-form-urlencoded"), "action=stop");
            assertEquals(forged.body(), 403, forged.statusCode());
            assertEquals("Active", bundle(keel, "org.apache.felix.webconsole.plugins.ds", admin()).get("state")
                    .asText());
            // the same action from the Web Console's own page: done, and audited
            String own = "http://127.0.0.1:" + keel.httpPort();
            HttpResponse<String> done = send(keel, "POST", stop, admin(), Map.of("Origin", own, "Content-Type",
                    "application/x-www-form-urlencoded"), "action=stop");
            assertEquals(done.body(), 200, done.statusCode());
            assertEquals(done.body(), 4, JSON.readTree(done.body()).get("stateRaw").asInt());
            assertEquals(200, send(keel, "POST", stop, admin(), Map.of("Origin", own, "Content-Type",
                    "application/x-www-form-urlencoded"), "action=start").statusCode());

            String audit = Files.readString(keel.home().resolve("data/log/audit.log"), StandardCharsets.UTF_8);
            assertTrue(audit, audit.contains("\"who\":\"" + Operators.NAME + "\",\"via\":\"http\",\"from\":\"127.0.0.1\","
                    + "\"action\":\"login\",\"target\":\"webconsole\",\"details\":{},\"result\":\"ok\""));
            assertTrue(audit, audit.contains("\"action\":\"login\",\"target\":\"webconsole\",\"details\":{},"
                    + "\"result\":\"refused: wrong user name or password\""));
            assertTrue(audit, audit.contains("\"who\":\"" + VIEWER + "\",\"via\":\"http\",\"from\":\"127.0.0.1\","
                    + "\"action\":\"webconsole.request\",\"target\":\"GET /system/console/bundles\",\"details\":{},"
                    + "\"result\":\"refused: needs the role admin\""));
            assertTrue(audit, audit.contains("\"action\":\"webconsole.request\",\"target\":\"POST " + stop
                    + "\",\"details\":{},\"result\":\"ok\""));

            inChromium(keel, ds);

            // turned off at run time: gone
            Files.writeString(keel.home().resolve("etc/keel.webconsole.cfg"), "enabled=false\n");
            Await.until("/system/console is 404 again", () -> status(keel, "GET", CONSOLE + "/bundles.json",
                    admin()) == 404, keel::output);
        }
    }

    /**
     * The Web Console in headless Chromium, with the {@code Authorization} header its login dialog would send: the
     * bundles page lists the kernel; a form of another origin (a {@code data:} page) posting {@code stop} with the
     * same credentials is refused, and the bundle stays active.
     */
    private void inChromium(KeelProcess keel, long bundle) throws IOException {
        assertTrue("the browser step needs Debian's chromium and chromium-driver (.ci/install-test-deps): "
                + Browser.CHROMIUM + ", " + Browser.DRIVER, Browser.installed());
        String base = "http://127.0.0.1:" + keel.httpPort();
        try (Browser b = new Browser(Path.of("target", "webconsole-screenshots"))) {
            b.driver.executeCdpCommand("Network.enable", Map.of());
            b.driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization",
                    admin())));
            b.open(base + CONSOLE + "/bundles");
            b.await("the bundles page lists Keel's kernel", 60, d -> d.findElement(By.tagName("body")).getText()
                    .contains("dev.keel.kernel-bundle"));
            b.screenshot("webconsole-bundles");

            b.open("data:text/html,<form method=post action='" + base + CONSOLE + "/bundles/" + bundle + "'>"
                    + "<input type=hidden name=action value=stop><button>win a prize</button></form>");
            b.click("button");
            b.await("the forged stop is refused", 30, d -> d.findElement(By.tagName("body")).getText()
                    .contains("cross-origin request refused"));
            b.screenshot("webconsole-forged-stop-refused");
        }
        assertEquals("Active", bundle(keel, "org.apache.felix.webconsole.plugins.ds", admin()).get("state").asText());
    }

    /** The entry of {@code bundles.json} of a bundle by symbolic name. */
    private JsonNode bundle(KeelProcess keel, String symbolicName, String authorization) throws IOException {
        HttpResponse<String> r = send(keel, "GET", CONSOLE + "/bundles.json", authorization, Map.of());
        assertEquals(r.body(), 200, r.statusCode());
        for (JsonNode b : JSON.readTree(r.body()).get("data")) {
            if (symbolicName.equals(b.get("symbolicName").asText())) {
                return b;
            }
        }
        throw new AssertionError(symbolicName + " is not in bundles.json: " + r.body());
    }

    private static String admin() {
        return basic(Operators.NAME, Operators.PASSWORD);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private int status(KeelProcess keel, String method, String path, String authorization) {
        try {
            return send(keel, method, path, authorization, Map.of()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private HttpResponse<String> send(KeelProcess keel, String method, String path, String authorization,
            Map<String, String> headers) throws IOException {
        return send(keel, method, path, authorization, headers, null);
    }

    private HttpResponse<String> send(KeelProcess keel, String method, String path, String authorization,
            Map<String, String> headers, String body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + keel.httpPort() + path))
                .timeout(Duration.ofSeconds(20)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (authorization != null) {
            all.put("Authorization", authorization);
        }
        all.forEach(b::header);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
