package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import dev.keel.itests.KeelProcess.Result;

/**
 * The web console at {@code /console} in headless Chromium, on the assembled
 * distribution run as a process: an operator logs in, sees the three plugins
 * ACTIVE, installs payment 1.1.0 from {@code examples/}, moves the canary
 * slider to 10% and confirms, sees traffic on both versions in the charts
 * while a load runs, promotes, and 1.0.0 is gone; a viewer sees no action
 * and a request the page does not offer is refused. Screenshots of each step
 * are in {@code itests/target/console-screenshots/}.
 */
public class ConsoleDistributionIT {

    private static final String VIEWER = "console-viewer";
    private static final String VIEWER_PASSWORD = "console-viewer-password";

    @Test
    public void anOperatorRunsACanaryReleaseFromTheBrowser() throws Exception {
        assertTrue("the browser tests need Debian's chromium and chromium-driver (.ci/install-test-deps): "
                + Browser.CHROMIUM + ", " + Browser.DRIVER, Browser.installed());
        try (KeelProcess keel = KeelProcess.copyOfDistribution()) {
            Operators.write(keel.home(), VIEWER, "viewer", VIEWER_PASSWORD);
            Result start = keel.command("start");
            assertEquals(start.toString(), 0, start.exit());
            String console = "http://127.0.0.1:" + keel.httpPort() + "/console/";
            assertServedSafely(console);
            try (Browser b = new Browser()) {
                try {
                    b.open(console);
                    logIn(b, Operators.NAME, Operators.PASSWORD);
                    b.await("three ACTIVE plugins", 30, d -> b.all("#plugins tr.plugin[data-state=ACTIVE]").size() == 3);
                    assertEquals(List.of("order", "payment", "user"), b.attributes("#plugins tr.plugin", "data-name").stream()
                            .sorted().toList());
                    b.screenshot("plugins");

                    b.click("#nav-releases");
                    b.click("#install-examples-payment-bundle-next-jar");
                    b.click("#install-examples-payment-bundle-next-jar-confirm");
                    String payment = ".release[data-plugin=payment]";
                    b.await("payment 1.1.0 ACTIVE beside 1.0.0", 60, d -> b.all(payment
                            + " tr.version[data-version='1.1.0']").stream().anyMatch(r -> r.getText().contains("ACTIVE"))
                            && !b.all(payment + " tr.version[data-version='1.0.0']").isEmpty());
                    b.screenshot("installed");

                    WebElement slider = b.awaitElement("#canary-payment-weight");
                    slider.click();
                    slider.sendKeys(Keys.HOME);
                    for (int i = 0; i < 10; i++) {
                        slider.sendKeys(Keys.ARROW_RIGHT);
                    }
                    assertEquals("10%", b.find("#canary-payment-weight-value").getText());
                    b.click("#canary-payment-set");
                    assertTrue(b.awaitElement(".ask").getText().contains("Send 10% of payment to 1.1.0"));
                    b.screenshot("canary-confirm");
                    b.click("#canary-payment-set-confirm");
                    b.await("1.1.0 the canary at 10%", 30, d -> b.all(payment
                            + " tr.version[data-version='1.1.0'][data-role=canary] td.weight").stream()
                            .anyMatch(w -> w.getText().equals("10%")));
                    b.screenshot("canary");

                    AtomicBoolean loading = new AtomicBoolean(true);
                    AtomicInteger sent = new AtomicInteger();
                    Thread load = new Thread(() -> load(keel.api(), loading, sent), "console-load");
                    load.start();
                    try {
                        b.click("#nav-traffic");
                        String charts = ".traffic[data-plugin=payment] .version-charts[data-version='%s'] .chart.rps";
                        b.await("traffic on both payment versions in the charts", 90, d -> peak(b, String.format(charts,
                                "1.0.0")) > 0 && peak(b, String.format(charts, "1.1.0")) > 0
                                && points(b, String.format(charts, "1.1.0")) >= 2);
                        assertFalse("the canary's error chart shows the rollback threshold", b.all(
                                ".traffic[data-plugin=payment] .version-charts[data-role=canary] .chart.errors line.threshold")
                                .isEmpty());
                        b.screenshot("traffic");
                    } finally {
                        loading.set(false);
                        load.join();
                    }
                    assertTrue("requests sent: " + sent.get(), sent.get() > 0);

                    b.click("#nav-releases");
                    b.click("#promote-payment");
                    b.click("#promote-payment-confirm");
                    b.await("payment 1.0.0 gone, 1.1.0 stable", 60, d -> b.all(payment
                            + " tr.version[data-version='1.0.0']").isEmpty() && !b.all(payment
                            + " tr.version[data-version='1.1.0'][data-role=stable]").isEmpty());
                    b.screenshot("promoted");

                    b.click("#nav-breakers");
                    b.await("payment's breakers", 30, d -> !b.all("#breakers tr.breaker[data-plugin=payment]").isEmpty());
                    assertFalse(b.all("#reset-payment").isEmpty());
                    b.screenshot("breakers");
                    b.click("#nav-health");
                    b.await("health UP", 30, d -> b.all("#health-status").stream().anyMatch(e -> e.getText().equals("UP")));
                    b.click("#nav-log");
                    b.await("INFO records in the log tail", 30, d -> b.all("#log li.record[data-level=INFO]").size() > 0);
                    new Select(b.awaitElement("#log-level")).selectByValue("WARN");
                    b.await("only WARN and above", 30, d -> List.of("WARN", "ERROR", "AUDIT").containsAll(
                            b.attributes("#log li.record", "data-level")));
                    b.screenshot("log");

                    b.click("#nav-config");
                    new Select(b.awaitElement("#config-pid")).selectByValue("keel.release");
                    WebElement calls = b.awaitId("config-rollback.minimum.calls");
                    assertTrue(b.find("#config-form").getText().contains("Calls to the canary within the window"));
                    calls.clear();
                    calls.sendKeys("lots");
                    b.click("#config-save");
                    String shown = b.awaitId("config-error-rollback.minimum.calls").getText();
                    Api.Reply refused = keel.api().post("/admin/config/keel.release", Map.of("values",
                            Map.of("rollback.minimum.calls", "lots")));
                    assertEquals(refused.toString(), 400, refused.status());
                    assertEquals("the validator's message next to the field", refused.json().get("errors")
                            .get("rollback.minimum.calls").asText(), shown);
                    assertTrue(shown, shown.contains("allowed: a whole number"));
                    b.screenshot("config-refused");

                    b.size(390, 844);
                    b.click("#nav-releases");
                    b.screenshot("phone");
                    b.size(1280, 900);

                    b.click("#logout");
                    logIn(b, VIEWER, VIEWER_PASSWORD);
                    b.click("#nav-releases");
                    b.awaitElement(payment + " tr.version");
                    assertTrue("a viewer sees no actions", b.all(".release .actions, .install, .release button").isEmpty());
                    b.screenshot("viewer");
                    b.click("#nav-breakers");
                    b.awaitElement("#breakers tr.breaker");
                    assertTrue("a viewer resets no breaker", b.all("#breakers ~ .actions button, [id^=reset-]").isEmpty());
                    Object status = b.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                            + "const s = JSON.parse(sessionStorage.getItem('keel.console.session'));"
                            + "fetch('/admin/releases/payment/rollback', {method: 'POST', headers: {'Content-Type':"
                            + " 'application/json', Authorization: 'Bearer ' + s.token}, body: '{}'})"
                            + ".then(r => done(r.status), e => done(String(e)));");
                    assertEquals("a viewer's forged rollback is refused", 403L, status);
                } catch (RuntimeException | AssertionError e) {
                    b.screenshot("failure");
                    throw e;
                }
            }
            Result releases = keel.command("client", "keel:releases");
            assertTrue(releases.stdout(), releases.stdout().matches("(?s).*payment +1\\.1\\.0\\.\\d+ +\\d+ +ACTIVE +stable.*"));
            String audit = java.nio.file.Files.readString(keel.home().resolve("data/log/audit.log"));
            assertTrue(audit, audit.contains("\"action\":\"release.canary\"") && audit.contains("\"action\":\"release.promote\""));
            Result stop = keel.command("stop");
            assertEquals(stop.toString(), 0, stop.exit());
        }
    }

    private static void logIn(Browser b, String user, String password) {
        b.awaitElement("#username").sendKeys(user);
        b.find("#password").sendKeys(password);
        b.screenshot("login-" + user);
        b.find("#login-submit").click();
        b.awaitElement("#who");
    }

    private static double peak(Browser b, String css) {
        List<String> found = b.attributes(css, "data-peak");
        return found.isEmpty() ? 0 : Double.parseDouble(found.get(0));
    }

    private static int points(Browser b, String css) {
        List<String> found = b.attributes(css, "data-points");
        return found.isEmpty() ? 0 : Integer.parseInt(found.get(0));
    }

    /** The page and its assets carry the CSP; the page has no inline script. */
    private static void assertServedSafely(String console) throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(console)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp, csp.contains("script-src 'self'") && !csp.contains("unsafe-inline")
                && csp.contains("frame-ancestors 'none'"));
        assertFalse(page.body(), page.body().matches("(?s).*<script(?![^>]*\\ssrc=)[^>]*>.*"));
        assertFalse("no CDN", page.body().matches("(?s).*(src|href)=\"(https?:)?//.*"));
    }

    /** Payments of ever new users until told to stop (the split keeps each user on one version). */
    private static void load(Api api, AtomicBoolean loading, AtomicInteger sent) {
        int i = 0;
        while (loading.get()) {
            api.post("/api/payment/payments", Map.of("orderId", "c-" + i, "amount", 1_000, "currency", "EUR"),
                    Map.of("Idempotency-Key", UUID.randomUUID().toString(), "X-User-Id", "console-" + i++));
            sent.incrementAndGet();
        }
    }
}
