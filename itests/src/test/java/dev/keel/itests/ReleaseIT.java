package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

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
import org.osgi.framework.Bundle;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;

/**
 * Grayscale release on the real distribution: payment 1.1.0 (the
 * distribution's {@code examples/} jar) installed beside 1.0.0, a 10% canary
 * by user, stickiness, forced versions, the split kept in {@code etc/} across
 * a kernel restart, rollback by hand and automatic, promote. The steps build
 * on each other, so they run in name order.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ReleaseIT extends KeelTest {

    private static final String PAYMENT_BSN = "dev.keel.payment-bundle";
    private static final Duration SETTLE = Duration.ofSeconds(30);

    /** Looked up per use: the kernel restarts in one step, and an injected service would be the old one. */
    private final class Runtime {
        PluginRuntime get() {
            var ref = context.getServiceReference(PluginRuntime.class);
            if (ref == null) {
                throw new AssertionError("no PluginRuntime");
            }
            return context.getService(ref);
        }

        java.util.Optional<PluginStatus> plugin(String name) {
            return get().plugin(name);
        }

        List<PluginStatus> plugins() {
            return get().plugins();
        }
    }

    private final Runtime runtime = new Runtime();

    @Configuration
    public Option[] config() {
        return KeelOptions.keel(KeelOptions.freePort(), frameworkProperty("keel.it.examples")
                .value(KeelOptions.dist().resolve("examples").toAbsolutePath().toString()),
                frameworkProperty("keel.it.plugins").value(KeelOptions.dist().resolve("deploy").toAbsolutePath()
                        .toString()));
    }

    @Before
    public void connect() {
        api();
        for (String name : List.of("user", "order")) {
            Await.until(name + " ACTIVE", SETTLE, () -> runtime.plugin(name)
                    .map(p -> p.state() == PluginState.ACTIVE).orElse(false), () -> runtime.plugins());
        }
    }

    private Path nextJar() {
        return underHome(Path.of(context.getProperty("keel.it.examples")).resolve("payment-bundle-next.jar"));
    }

    private List<PluginStatus> payments() {
        return runtime.plugins().stream().filter(p -> p.name().equals("payment")).toList();
    }

    private boolean paymentVersionsActive(String... prefixes) {
        List<PluginStatus> all = payments();
        return all.size() == prefixes.length && List.of(prefixes).stream().allMatch(v -> all.stream()
                .anyMatch(p -> p.version().startsWith(v) && p.state() == PluginState.ACTIVE));
    }

    /** Installs payment 1.1.0 beside what runs, through the shell, as a user would. */
    private void installNext() throws Exception {
        String out = Shell.run(context, "keel:install " + nextJar());
        assertTrue(out, out.contains("payment"));
        Await.until("payment 1.0.0 and 1.1.0 ACTIVE", SETTLE, () -> paymentVersionsActive("1.0.0.", "1.1.0."),
                this::payments);
    }

    /** Charges as a user; returns the payment version that answered. */
    private String charge(String user, Map<String, String> more) {
        Map<String, String> headers = new java.util.HashMap<>(more);
        headers.put("Idempotency-Key", UUID.randomUUID().toString());
        if (user != null) {
            headers.put("X-User-Id", user);
        }
        Api.Reply r = api().post("/api/payment/payments", Map.of("orderId", "o-" + UUID.randomUUID().toString()
                .substring(0, 8), "amount", 10_000, "currency", "EUR"), headers);
        assertEquals(r.toString(), 201, r.status());
        String v = r.header("X-Payment-Version");
        assertNotNull("X-Payment-Version on " + r, v);
        long fee = r.json().get("fee").asLong();
        // 1.5% of 100.00 EUR; 1.1.0 adds its fixed fee of 30
        assertEquals("fee of " + v, v.startsWith("1.1.0.") ? 180 : 150, fee);
        return v;
    }

    private String userId() {
        Api.Reply r = api().post("/api/user/users", Map.of("name", "Rel", "email", "rel-" + UUID.randomUUID()
                + "@example.com", "password", Customers.PASSWORD));
        assertEquals(r.toString(), 201, r.status());
        return r.json().get("id").asText();
    }

    /** Places an order with the user's sticky header; returns the version of the payment plugin that charged it. */
    private String order(String userId) {
        Api.Reply r = api().post("/api/order/orders", Map.of("userId", userId, "currency", "EUR", "items",
                List.of(Map.of("sku", "R-1", "quantity", 1, "unitPrice", 10_000))), Map.of("X-User-Id", userId));
        assertEquals(r.toString(), 201, r.status());
        Api.Reply p = api().get("/api/payment/payments/" + r.json().get("paymentId").asText());
        assertEquals(p.toString(), 200, p.status());
        return p.json().get("fee").asLong() == 180 ? "1.1.0" : "1.0.0";
    }

    /** etc/keel.release.cfg as FileInstall keeps it. */
    private java.util.Properties releaseFile() throws Exception {
        Path f = Path.of(context.getProperty("felix.fileinstall.dir")).resolve("keel.release.cfg");
        java.util.Properties p = new java.util.Properties();
        if (Files.exists(f)) {
            try (var in = Files.newBufferedReader(f, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                p.load(in);
            }
        }
        return p;
    }

    private int canaryShare(int users) {
        int canary = 0;
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < users; i++) {
            if (charge("user-" + run + "-" + i, Map.of()).startsWith("1.1.0.")) {
                canary++;
            }
        }
        return canary;
    }

    @Test
    public void a_twoVersionsRunSideBySideAndTheFirstKeepsTheTraffic() throws Exception {
        Await.until("payment 1.0.0 ACTIVE", SETTLE, () -> paymentVersionsActive("1.0.0."), this::payments);
        installNext();
        Bundle[] both = List.of(context.getBundles()).stream().filter(b -> PAYMENT_BSN.equals(b.getSymbolicName()))
                .toArray(Bundle[]::new);
        assertEquals("one symbolic name, two bundles", 2, both.length);
        assertTrue(both[0].getState() == Bundle.ACTIVE && both[1].getState() == Bundle.ACTIVE);
        for (int i = 0; i < 20; i++) {
            assertTrue("without a split the stable version serves", charge("u" + i, Map.of()).startsWith("1.0.0."));
        }
        String releases = Shell.run(context, "keel:releases");
        assertTrue(releases, releases.matches("(?s).*payment +1\\.0\\.0\\.\\d+ +\\d+ +ACTIVE +stable +100%.*"));
        assertTrue(releases, releases.matches("(?s).*payment +1\\.1\\.0\\.\\d+ +\\d+ +ACTIVE +idle +0%.*"));
    }

    @Test
    public void b_aTenPercentCanaryGetsTenPercentOfTheUsers() throws Exception {
        String out = Shell.run(context, "keel:canary payment 1.1.0 10");
        assertTrue(out, out.contains("10%"));
        int canary = canaryShare(2000);
        assertTrue("canary share " + canary + " of 2000", canary >= 140 && canary <= 260);
        String releases = Shell.run(context, "keel:releases");
        assertTrue(releases, releases.matches("(?s).*payment +1\\.1\\.0\\.\\d+ +\\d+ +ACTIVE +canary +10% +\\d+.*"));
        assertTrue(releases, releases.matches("(?s).*payment +1\\.0\\.0\\.\\d+ +\\d+ +ACTIVE +stable +90% +\\d+.*"));
        assertEquals("1.1.0", releaseFile().getProperty("canary.payment"));
        assertEquals("10", releaseFile().getProperty("weight.payment"));
    }

    @Test
    public void c_theSameUserStaysOnOneVersionAndGovernedCallsFollowTheSameKey() {
        int onCanary = 0;
        for (int u = 0; u < 40; u++) {
            String user = "sticky-" + u;
            String first = charge(user, Map.of());
            onCanary += first.startsWith("1.1.0.") ? 1 : 0;
            for (int i = 0; i < 50; i++) {
                assertEquals(user, first, charge(user, Map.of()));
            }
        }
        assertTrue("some users on each version: " + onCanary, onCanary > 0 && onCanary < 40);
        // order calls PaymentService through the kernel's proxy while serving the user's request
        for (int u = 0; u < 30; u++) {
            String id = userId();
            String direct = charge(id, Map.of());
            for (int i = 0; i < 3; i++) {
                assertEquals("order's payment for " + id, direct.substring(0, 5), order(id));
            }
        }
    }

    @Test
    public void d_aTesterForcesAVersion() {
        for (int i = 0; i < 30; i++) {
            assertTrue(charge("forced-" + i, Map.of("X-Keel-Version", "payment=1.1.0")).startsWith("1.1.0."));
            assertTrue(charge("forced-" + i, Map.of("X-Keel-Version", "user=2.0, payment=1.0.0")).startsWith("1.0.0."));
        }
    }

    @Test
    public void e_theSplitSurvivesAKernelRestart() throws Exception {
        Bundle kernel = List.of(context.getBundles()).stream()
                .filter(b -> "dev.keel.kernel-bundle".equals(b.getSymbolicName())).findFirst().orElseThrow();
        kernel.stop();
        kernel.start();
        Await.until("payment 1.0.0 and 1.1.0 ACTIVE again", SETTLE,
                () -> paymentVersionsActive("1.0.0.", "1.1.0."), this::payments);
        Await.until("keel:releases shows the split again", SETTLE, () -> {
            try {
                return Shell.run(context, "keel:releases").matches("(?s).*ACTIVE +canary +10%.*");
            } catch (Exception e) {
                return false;
            }
        });
        int canary = canaryShare(400);
        assertTrue("canary share after restart " + canary + " of 400", canary >= 16 && canary <= 70);
    }

    @Test
    public void f_rollbackRemovesTheCanary() throws Exception {
        String out = Shell.run(context, "keel:rollback payment");
        assertTrue(out, out.contains("rolled back"));
        assertTrue("canary uninstalled", paymentVersionsActive("1.0.0."));
        assertEquals(1, List.of(context.getBundles()).stream().filter(b -> PAYMENT_BSN.equals(b.getSymbolicName()))
                .count());
        for (int i = 0; i < 50; i++) {
            assertTrue(charge("after-rollback-" + i, Map.of()).startsWith("1.0.0."));
        }
        assertEquals("0", releaseFile().getProperty("weight.payment"));
        assertEquals("", releaseFile().getProperty("canary.payment"));
    }

    @Test
    public void g_aFailingCanaryIsRolledBackAutomatically() throws Exception {
        List<Event> rolledBack = new CopyOnWriteArrayList<>();
        var reg = context.registerService(EventHandler.class, rolledBack::add,
                new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, "keel/release/ROLLED_BACK")));
        try {
            Shell.run(context, "keel:config keel.release rollback.minimum.calls 10");
            installNext();
            configAdmin.getConfiguration("keel.faults", "?")
                    .update(new Hashtable<>(Map.of("failure.rate.payment@1.1.0", "1")));
            String canary = Shell.run(context, "keel:canary payment 1.1.0 50");
            assertTrue(canary, canary.contains("50%"));
            int served1 = 0;
            int failed = 0;
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (rolledBack.isEmpty() && System.nanoTime() < deadline) {
                Map<String, String> headers = Map.of("Idempotency-Key", UUID.randomUUID().toString(), "X-User-Id",
                        UUID.randomUUID().toString());
                Api.Reply r = api().post("/api/payment/payments", Map.of("orderId", "o-1", "amount", 100, "currency",
                        "EUR"), headers);
                if (r.status() == 503) {
                    failed++;
                } else {
                    assertEquals(r.toString(), 201, r.status());
                    assertTrue(r.header("X-Payment-Version").startsWith("1.0.0."));
                    served1++;
                }
            }
            assertFalse("keel/release/ROLLED_BACK posted (" + failed + " injected failures, " + served1 + " served)",
                    rolledBack.isEmpty());
            Event e = rolledBack.get(0);
            assertEquals("payment", e.getProperty("plugin.name"));
            assertTrue(String.valueOf(e.getProperty("plugin.version")).startsWith("1.1.0."));
            assertEquals(Boolean.TRUE, e.getProperty("automatic"));
            assertTrue(String.valueOf(e.getProperty("reason")), String.valueOf(e.getProperty("reason"))
                    .contains("error rate"));
            Await.until("canary uninstalled", SETTLE, () -> paymentVersionsActive("1.0.0."), this::payments);
            for (int i = 0; i < 20; i++) {
                assertTrue(charge("after-auto-" + i, Map.of()).startsWith("1.0.0."));
            }
            // the audit trail says Keel did it, and why
            Path audit = Path.of(context.getProperty("keel.log.file")).resolveSibling("audit.log");
            java.util.function.Supplier<List<String>> lines = () -> {
                try {
                    return Files.exists(audit) ? Files.readAllLines(audit) : List.of();
                } catch (java.io.IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            };
            Await.until("the automatic rollback in " + audit, SETTLE, () -> lines.get().stream().anyMatch(l ->
                    l.contains("\"who\":\"keel\"") && l.contains("\"action\":\"release.rollback\"")
                            && l.contains("\"automatic\":\"true\"") && l.contains("error rate")
                            && l.endsWith("\"result\":\"ok\"}")), () -> lines.get());
        } finally {
            reg.unregister();
            configAdmin.getConfiguration("keel.faults", "?")
                    .update(new Hashtable<>(Map.of("failure.rate.payment", "0")));
        }
    }

    @Test
    public void h_promoteMovesEverythingAndRemovesTheOldVersion() throws Exception {
        // the same build comes back: its breaker, opened by the injected faults, is closed by hand
        Shell.run(context, "keel:breaker reset payment");
        installNext();
        Shell.run(context, "keel:canary payment 1.1.0 10");
        String out = Shell.run(context, "keel:promote payment");
        assertTrue(out, out.contains("promoted"));
        assertTrue("1.0.0 uninstalled: " + payments(), paymentVersionsActive("1.1.0."));
        for (int i = 0; i < 100; i++) {
            assertTrue(charge("after-promote-" + i, Map.of()).startsWith("1.1.0."));
        }
        String id = userId();
        assertEquals("1.1.0", order(id));
    }

    @Test
    public void i_theSameOperationsOverHttpUnderAdmin() throws Exception {
        Api.Reply list = api().get("/admin/releases");
        assertEquals(list.toString(), 200, list.status());
        assertTrue(list.contentType(), list.contentType().startsWith("application/json"));
        assertTrue(list.toString(), list.json().isArray());

        Api.Reply refused = api().post("/admin/releases/payment/canary", Map.of("version", "1.0.0", "weight", 20));
        assertEquals(refused.toString(), 400, refused.status());
        assertTrue(refused.contentType(), refused.contentType().startsWith("application/problem+json"));
        assertTrue(refused.toString(), refused.json().get("detail").asText().contains("no version 1.0.0"));

        // 1.0.0 comes back beside 1.1.0 (now the stable version) and becomes the canary: any version can be one
        Path old;
        try (var files = Files.list(Path.of(context.getProperty("keel.it.plugins")))) {
            old = files.filter(f -> f.getFileName().toString().startsWith("payment-bundle")).findFirst().orElseThrow();
        }
        Shell.run(context, "keel:install " + underHome(old));
        Await.until("payment 1.1.0 and 1.0.0 ACTIVE", SETTLE, () -> paymentVersionsActive("1.0.0.", "1.1.0."),
                this::payments);
        Api.Reply canary = api().post("/admin/releases/payment/canary", Map.of("version", "1.0.0", "weight", 20));
        assertEquals(canary.toString(), 200, canary.status());
        assertTrue(canary.toString(), canary.json().get("result").asText().contains("20%"));
        boolean shown = false;
        for (var plugin : api().get("/admin/releases").json()) {
            if (plugin.get("plugin").asText().equals("payment")) {
                assertEquals("1.0.0", plugin.get("canary").asText());
                assertEquals(20, plugin.get("weight").asInt());
                shown = true;
            }
        }
        assertTrue("payment in /admin/releases", shown);
        int onOld = 0;
        for (int i = 0; i < 300; i++) {
            onOld += charge("admin-" + i, Map.of()).startsWith("1.0.0.") ? 1 : 0;
        }
        assertTrue("1.0.0 share " + onOld + " of 300", onOld >= 30 && onOld <= 95);

        Api.Reply bad = api().post("/admin/releases/payment/canary", "{not json");
        assertEquals(bad.toString(), 400, bad.status());
        Api.Reply unknown = api().post("/admin/releases/payment/launch", Map.of());
        assertEquals(unknown.toString(), 404, unknown.status());
        assertTrue(unknown.contentType(), unknown.contentType().startsWith("application/problem+json"));

        Api.Reply back = api().post("/admin/releases/payment/rollback", Map.of());
        assertEquals(back.toString(), 200, back.status());
        assertTrue("1.0.0 uninstalled: " + payments(), paymentVersionsActive("1.1.0."));

        Api.Reply update = api().post("/admin/plugins/payment/update", Map.of());
        assertEquals(update.toString(), 200, update.status());
        assertTrue(update.toString(), update.json().get("result").asText().contains("updated"));
        // the deployer's record: what was updated, from which version to which
        assertEquals(update.toString(), "UPDATED", update.json().get("deployment").get("action").asText());
        assertTrue(update.toString(), update.json().get("deployment").get("version").asText().startsWith("1.1.0."));
        assertTrue(update.toString(), update.json().get("deployment").get("plugins").toString().contains("\"payment\""));
        Await.until("payment ACTIVE after the update", SETTLE, () -> paymentVersionsActive("1.1.0."), this::payments);
        Api.Reply plugins = api().get("/admin/plugins");
        assertEquals(plugins.toString(), 200, plugins.status());
        assertTrue(plugins.toString(), plugins.raw().body().contains("\"name\":\"payment\""));
    }
}
