package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import dev.keel.api.PluginState;
import dev.keel.api.ServiceUnavailableException;
import dev.keel.api.payment.PaymentService;

/**
 * Governance on the real distribution: consumers hold only the kernel's proxy,
 * calls through it are measured, the breaker opens on a failing payment (made
 * slow and failing by configuration, no code change) so the order API answers
 * 503 fast, and closes again when payment recovers; {@code /metrics} passes
 * promtool; readiness follows the required plugins.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GovernanceIT extends KeelTest {

    private static final String PAYMENT_SERVICE = "dev.keel.api.payment.PaymentService";

    @Inject
    private PaymentService payments;

    @Configuration
    public Option[] config() {
        return KeelOptions.keel(KeelOptions.freePort());
    }

    @After
    public void restore() throws IOException {
        configure("keel.faults", NO_FAULTS);
        configure("keel.governance", GOVERNANCE_DEFAULTS);
        for (String name : List.of("user", "payment", "order")) {
            if (runtime.plugin(name).map(p -> p.state() != PluginState.ACTIVE).orElse(false)) {
                runtime.start(name);
            }
        }
    }

    private void ready() {
        awaitBusinessPlugins();
    }

    /** What the tests set, back at the defaults (explicit values: a configuration always shows what it holds). */
    private static final Map<String, Object> GOVERNANCE_DEFAULTS = Map.of("timeout.root", "5000",
            "timeout.PaymentService", "5000", "failure.rate.threshold", "50", "sliding.window.size", "20",
            "minimum.calls", "10", "wait.in.open.ms", "10000", "half.open.calls", "3");
    private static final Map<String, Object> NO_FAULTS = Map.of("failure.rate.payment", "0", "latency.payment", "0");

    /** Runs the call and returns what it threw, failing when it threw nothing or something else. */
    static <T extends Throwable> T thrown(Class<T> type, Runnable call) {
        try {
            call.run();
        } catch (Throwable t) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            throw new AssertionError("expected " + type.getName() + " but got " + t, t);
        }
        throw new AssertionError("expected " + type.getName() + " but nothing was thrown");
    }

    private String userId() {
        Api.Reply r = api().post("/api/user/users", Map.of("name", "Grace",
                "email", "grace-" + UUID.randomUUID() + "@example.com", "password", Customers.PASSWORD));
        assertEquals(r.toString(), 201, r.status());
        return r.json().get("id").asText();
    }

    private static Map<String, Object> order(String userId) {
        return Map.of("userId", userId, "currency", "EUR",
                "items", List.of(Map.of("sku", "G-1", "quantity", 1, "unitPrice", 990)));
    }

    private String metrics() {
        Api.Reply r = api().get("/metrics");
        assertEquals(r.toString(), 200, r.status());
        assertTrue(r.contentType(), r.contentType().startsWith("text/plain; version=0.0.4"));
        return r.raw().body();
    }

    /** The value of the first sample of {@code name} carrying every given label, or null. */
    static Double sample(String text, String name, Map<String, String> labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        while (m.find()) {
            String l = m.group(1);
            if (labels.entrySet().stream().allMatch(e -> l.contains(e.getKey() + "=\"" + e.getValue() + "\""))) {
                return Double.valueOf(m.group(2));
            }
        }
        return null;
    }

    private boolean breakerIs(String plugin, String state) {
        Double v = sample(metrics(), "keel_breaker_state", Map.of("plugin", plugin, "state", state));
        return v != null && v == 1.0;
    }

    @Test
    public void consumersHoldOnlyTheGovernedProxyAndCallsThroughItAreMeasured() throws Exception {
        ready();
        Bundle order = bundle("dev.keel.order-bundle");
        ServiceReference<?>[] seenByOrder = order.getBundleContext().getServiceReferences(PAYMENT_SERVICE, null);
        assertNotNull("order sees a PaymentService", seenByOrder);
        assertEquals("order sees exactly one PaymentService", 1, seenByOrder.length);
        assertEquals(Boolean.TRUE, seenByOrder[0].getProperty("keel.governed"));
        assertEquals("the kernel registered it", "dev.keel.kernel-bundle",
                seenByOrder[0].getBundle().getSymbolicName());
        ServiceReference<?>[] inUse = order.getServicesInUse();
        assertTrue("order's component uses the proxy", List.of(inUse).stream().anyMatch(r ->
                r.getProperty("keel.governed") != null && List.of((String[]) r.getProperty("objectClass"))
                        .contains(PAYMENT_SERVICE)));
        ServiceReference<?>[] all = context.getBundle(0).getBundleContext()
                .getAllServiceReferences(PAYMENT_SERVICE, null);
        assertEquals("the system bundle sees the original and the proxy", 2, all.length);

        Api.Reply placed = api().post("/api/order/orders", order(userId()));
        assertEquals(placed.toString(), 201, placed.status());
        assertEquals("PAID", placed.json().get("status").asText());
        String text = metrics();
        Double charges = sample(text, "keel_service_calls_total",
                Map.of("plugin", "payment", "contract", "PaymentService", "method", "charge"));
        assertNotNull(text, charges);
        assertTrue(charges >= 1);
        assertNotNull(sample(text, "keel_http_requests_total", Map.of("plugin", "order", "route", "/orders")));
        assertNotNull(sample(text, "keel_service_calls_total", Map.of("plugin", "user", "contract", "UserService")));
    }

    @Test
    public void contractExceptionsReachTheCallerUnwrappedAndDoNotOpenTheBreaker() throws Exception {
        ready();
        configure("keel.governance", Map.of("minimum.calls", "2", "sliding.window.size", "2"));
        for (int i = 0; i < 5; i++) {
            NoSuchElementException unknown = thrown(NoSuchElementException.class,
                    () -> payments.refund("no-such-payment", 1));
            assertTrue(unknown.getMessage(), unknown.getMessage().contains("no-such-payment"));
            thrown(IllegalArgumentException.class, () -> payments.charge("k", "o", -1, "EUR"));
        }
        assertTrue(payments.find("no-such-payment").isEmpty());
        assertTrue("the breaker stays closed", breakerIs("payment", "closed"));
    }

    @Test
    public void aSlowPaymentTimesOutTheBreakerOpensAndTheOrderApiFailsFastThenRecovers() throws Exception {
        ready();
        String user = userId();
        configure("keel.governance", Map.of("timeout.PaymentService", "1000", "minimum.calls", "3",
                "sliding.window.size", "3", "failure.rate.threshold", "50", "wait.in.open.ms", "2000",
                "half.open.calls", "2"));
        configure("keel.faults", Map.of("latency.payment", "5000"));
        // a slow payment hits the timeout: the order answers 503 after about 1 s, not 5 s
        Await.until("a charge times out", Duration.ofSeconds(30), () -> {
            long start = System.nanoTime();
            Api.Reply r = api().post("/api/order/orders", order(user));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return r.status() == 503 && ms >= 950 && ms < 4500
                    && sample(metrics(), "keel_service_call_errors_total", Map.of("plugin", "payment",
                            "method", "charge", "reason", "timeout")) != null;
        });
        Await.until("the payment breaker opens", Duration.ofSeconds(30), () -> {
            api().post("/api/order/orders", order(user));
            return breakerIs("payment", "open");
        });
        long start = System.nanoTime();
        Api.Reply fast = api().post("/api/order/orders", order(user));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(fast.toString(), 503, fast.status());
        assertTrue("answered in " + ms + " ms, well under the 1000 ms timeout", ms < 500);
        assertTrue(fast.toString(), fast.raw().body().contains("circuit breaker"));
        assertNotNull(sample(metrics(), "keel_service_call_errors_total", Map.of("plugin", "payment",
                "reason", "circuit_open")));

        // payment recovers: after wait.in.open.ms the probes go through and the breaker closes
        configure("keel.faults", NO_FAULTS);
        Await.until("the order API charges again", Duration.ofSeconds(30),
                () -> api().post("/api/order/orders", order(user)).status() == 201);
        Await.until("the payment breaker closes", Duration.ofSeconds(30), () -> {
            api().post("/api/order/orders", order(user));
            return breakerIs("payment", "closed");
        });
    }

    @Test
    public void failingPaymentByConfigurationOpensTheBreaker() throws Exception {
        ready();
        String user = userId();
        configure("keel.governance", Map.of("minimum.calls", "4", "sliding.window.size", "4",
                "wait.in.open.ms", "60000"));
        configure("keel.faults", Map.of("failure.rate.payment", "1"));
        // new breaker settings gave every breaker a fresh window: 3 failed charges leave it closed, the 4th opens it
        for (int i = 1; i <= 3; i++) {
            Api.Reply r = api().post("/api/order/orders", order(user));
            assertEquals(r.toString(), 503, r.status());
            assertTrue(r.toString(), r.raw().body().contains("fault injected"));
            assertTrue("closed after " + i + " failures", breakerIs("payment", "closed"));
        }
        Api.Reply fourth = api().post("/api/order/orders", order(user));
        assertEquals(fourth.toString(), 503, fourth.status());
        assertTrue("open after the 4th failure", breakerIs("payment", "open"));
        Api.Reply rejected = api().post("/api/order/orders", order(user));
        assertTrue(rejected.toString(), rejected.raw().body().contains("circuit breaker"));
        ServiceUnavailableException e = thrown(ServiceUnavailableException.class,
                () -> payments.find("anything"));
        assertEquals(ServiceUnavailableException.Reason.CIRCUIT_OPEN, e.reason());
        assertEquals("payment", e.plugin());
        assertTrue(e.retryAfter().toSeconds() > 30);
        Api.Reply direct = api().get("/api/payment/payments/" + UUID.randomUUID());
        assertEquals(direct.toString(), 503, direct.status());
        assertNotNull("503 carries Retry-After", direct.header("Retry-After"));
    }

    @Test
    public void theProxyFollowsAnUpdatedProviderAndFailsFastWithoutOne() throws Exception {
        ready();
        ServiceReference<?> proxy = bundle("dev.keel.order-bundle").getBundleContext()
                .getServiceReferences(PAYMENT_SERVICE, null)[0];
        runtime.stop("payment");
        Await.until("calls fail fast without an ACTIVE provider", () -> {
            try {
                payments.find("x");
                return false;
            } catch (ServiceUnavailableException e) {
                return e.reason() == ServiceUnavailableException.Reason.NO_PROVIDER;
            }
        });
        runtime.start("payment");
        Bundle payment = bundle("dev.keel.payment-bundle");
        payment.update();
        ready();
        assertTrue(payments.find("none").isEmpty());
        ServiceReference<?> after = bundle("dev.keel.order-bundle").getBundleContext()
                .getServiceReferences(PAYMENT_SERVICE, null)[0];
        assertEquals("the same proxy registration", proxy.getProperty("service.id"), after.getProperty("service.id"));
        Api.Reply placed = api().post("/api/order/orders", order(userId()));
        assertEquals(placed.toString(), 201, placed.status());
    }

    @Test
    public void readinessFollowsRequiredPluginsAndLivenessStaysUp() {
        ready();
        Await.until("ready", Duration.ofSeconds(30), () -> api().get("/health/ready").status() == 200);
        runtime.stop("payment");
        Api.Reply notReady = api().get("/health/ready");
        assertEquals(notReady.toString(), 503, notReady.status());
        assertEquals("DOWN", notReady.json().get("status").asText());
        assertTrue(notReady.toString(), notReady.raw().body().contains("\"name\":\"payment\""));
        assertTrue(notReady.toString(), notReady.raw().body().contains("STOPPED"));
        assertEquals(200, api().get("/health/live").status());
        runtime.start("payment");
        Await.until("ready again", Duration.ofSeconds(30), () -> api().get("/health/ready").status() == 200);
        assertEquals(200, api().get("/health").status());
    }

    @Test
    public void metricsPassPromtool() throws Exception {
        ready();
        api().post("/api/order/orders", order(userId()));
        String text = metrics();
        for (String name : List.of("keel_service_calls_total", "keel_service_call_duration_seconds_bucket",
                "keel_http_requests_total", "keel_breaker_state", "keel_plugin_state", "jvm_memory_used_bytes",
                "jvm_threads_current", "jvm_gc_collection_seconds_count")) {
            assertTrue(name + " in\n" + text, text.contains("\n" + name));
        }
        Path file = Files.createTempFile("keel-metrics", ".txt");
        Files.writeString(file, text);
        String promtool = Promtool.path();
        Process p = new ProcessBuilder(promtool, "check", "metrics").redirectInput(file.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("promtool ran", p.waitFor(60, TimeUnit.SECONDS));
        assertEquals("promtool check metrics: " + out, 0, p.exitValue());
        assertFalse(out, out.toLowerCase().contains("error"));
    }
}
