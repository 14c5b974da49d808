package dev.keel.kernel.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.log.Logger;

import dev.keel.api.PluginRuntime;
import dev.keel.api.ServiceUnavailableException;
import dev.keel.api.ServiceUnavailableException.Reason;

class GovernorTest {

    interface Charges {
        String charge(String id);
    }

    private final Logger log = stub(Logger.class, null);
    private final GovernanceMetrics metrics = new GovernanceMetrics(stub(PluginRuntime.class, List.of()), false);
    private final Faults faults = new Faults(Map.of(), log);
    private Governor governor;

    static <T> T stub(Class<T> type, Object answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (p, m, a) -> m.getReturnType().isInstance(answer) ? answer : null));
    }

    private Governor governor(Map<String, Object> config, Map<String, Object> raw) {
        governor = new Governor(GovernanceSettingsTest.config(config), raw, metrics, faults, log);
        return governor;
    }

    @AfterEach
    void close() {
        if (governor != null) {
            governor.deactivate();
        }
    }

    private Governor.Site site(Governor g) throws NoSuchMethodException {
        Method charge = Charges.class.getMethod("charge", String.class);
        return g.serviceSite("payment", "1.0.0", "Charges", "charge", t -> Classifier.contractExpected(charge, t));
    }

    private static <T> Callable<T> failing(RuntimeException e) {
        return () -> {
            throw e;
        };
    }

    @Test
    void theBreakerOpensAfterTheFailureRateAndFailsFast() throws Exception {
        Governor g = governor(Map.of("minimum_calls", 4, "sliding_window_size", 4, "wait_in_open_ms", 60_000L), Map.of());
        Governor.Site site = site(g);
        int[] made = {0};
        Callable<String> broken = () -> {
            made[0]++;
            throw new IllegalStateException("database down");
        };
        for (int i = 0; i < 4; i++) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.call(site, broken));
            assertEquals("database down", e.getMessage(), "the provider's exception reaches the caller unchanged");
        }
        ServiceUnavailableException open = assertThrows(ServiceUnavailableException.class, () -> g.call(site, broken));

        assertEquals(Reason.CIRCUIT_OPEN, open.reason());
        assertTrue(open.getMessage().contains(" is OPEN after too many failures; calls fail fast"), open.getMessage());
        assertEquals("payment", open.plugin());
        assertEquals("1.0.0", open.version());
        assertTrue(open.retryAfter().toSeconds() > 50, open.retryAfter().toString());
        assertEquals(4, made[0], "an open breaker does not call the provider");
        assertEquals("OPEN", g.breakerViews().get(0).state());
        GovernanceMetrics.Row row = metrics.rows("payment").get(0);
        assertEquals(5, row.count(), "rejected calls are counted");
        assertEquals(5, row.errors(), "4 failures and 1 rejection");
    }

    @Test
    void contractExceptionsPassThroughAndDoNotCount() throws Exception {
        Governor g = governor(Map.of("minimum_calls", 2, "sliding_window_size", 2), Map.of());
        Governor.Site site = site(g);
        IllegalArgumentException invalid = new IllegalArgumentException("amount must be > 0");
        for (int i = 0; i < 5; i++) {
            assertSame(invalid, assertThrows(IllegalArgumentException.class, () -> g.call(site, failing(invalid))));
            assertThrows(NoSuchElementException.class, () -> g.call(site, failing(new NoSuchElementException())));
        }
        assertEquals("CLOSED", g.breakerViews().get(0).state());
        assertEquals(0, g.breakerViews().get(0).failedCalls());
    }

    @Test
    void halfOpenProbesCloseTheBreakerWhenTheProviderRecovers() throws Exception {
        Governor g = governor(Map.of("minimum_calls", 2, "sliding_window_size", 2, "wait_in_open_ms", 50L,
                "half_open_calls", 2), Map.of());
        Governor.Site site = site(g);
        for (int i = 0; i < 2; i++) {
            assertThrows(IllegalStateException.class, () -> g.call(site, failing(new IllegalStateException())));
        }
        assertEquals("OPEN", g.breakerViews().get(0).state());
        long deadline = System.nanoTime() + 10_000_000_000L;
        String answer = null;
        while (answer == null && System.nanoTime() < deadline) {
            try {
                answer = g.call(site, () -> "ok");
            } catch (ServiceUnavailableException stillOpen) {
                Thread.onSpinWait();
            }
        }
        assertEquals("ok", answer);
        assertEquals("HALF_OPEN", g.breakerViews().get(0).state());
        assertEquals("ok", g.call(site, () -> "ok"));
        assertEquals("CLOSED", g.breakerViews().get(0).state());
    }

    @Test
    void aSlowCallIsInterruptedAtItsTimeoutAndCountsAsAFailure() throws Exception {
        Governor g = governor(Map.of(), Map.of("timeout.Charges", "100"));
        Governor.Site site = site(g);
        long start = System.nanoTime();
        ServiceUnavailableException e = assertThrows(ServiceUnavailableException.class, () -> g.call(site, () -> {
            Thread.sleep(20_000);
            return "late";
        }));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(Reason.TIMEOUT, e.reason());
        assertTrue(tookMs < 5_000, "interrupted after " + tookMs + " ms");
        assertTrue(!Thread.currentThread().isInterrupted(), "the interrupt is cleared");
        assertEquals(1, g.breakerViews().get(0).failedCalls());
    }

    @Test
    void injectedFaultsFailAndSlowDownInsideTheCallPath() throws Exception {
        faults.modified(new HashMap<>(Map.of("failure.rate.payment", "1")));
        Governor g = governor(Map.of(), Map.of());
        ServiceUnavailableException e = assertThrows(ServiceUnavailableException.class,
                () -> g.call(site(g), () -> "never"));
        assertEquals(Reason.INJECTED_FAULT, e.reason());
        g.deactivate();

        faults.modified(new HashMap<>(Map.of("latency.payment", "300")));
        Governor slow = governor(Map.of(), Map.of("timeout.Charges", "100"));
        e = assertThrows(ServiceUnavailableException.class, () -> slow.call(site(slow), () -> "late"));
        assertEquals(Reason.TIMEOUT, e.reason());
    }

    @Test
    void callsAreCountedPerPluginVersionContractAndMethod() throws Exception {
        Governor g = governor(Map.of(), Map.of());
        Governor.Site site = site(g);
        g.call(site, () -> "ok");
        assertThrows(IllegalStateException.class, () -> g.call(site, failing(new IllegalStateException())));
        g.route("order", "2.0.0", "/orders", "POST", () -> "created");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter(false).write(out, metrics.registry.scrape());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("keel_service_calls_total{contract=\"Charges\",method=\"charge\",plugin=\"payment\","
                + "version=\"1.0.0\"} 2"), text);
        assertTrue(text.contains("keel_service_call_errors_total{contract=\"Charges\",method=\"charge\","
                + "plugin=\"payment\",reason=\"failure\",version=\"1.0.0\"} 1"), text);
        assertTrue(text.contains("keel_http_requests_total{method=\"POST\",plugin=\"order\",route=\"/orders\","
                + "version=\"2.0.0\"} 1"), text);
        assertTrue(text.contains("keel_breaker_state{plugin=\"payment\",state=\"closed\",version=\"1.0.0\"} 1"), text);
        List<GovernanceMetrics.Row> rows = metrics.rows("payment");
        assertEquals(1, rows.size());
        assertEquals(2, rows.get(0).count());
        assertEquals(1, rows.get(0).errors());
    }

    @Test
    void aRouteSiteIsLookedUpOnceAndCountsWithTheRoutesCalls() throws Exception {
        Governor g = governor(Map.of(), Map.of());
        Governor.Site post = g.routeSite("order", "2.0.0", "/orders", "POST");
        assertSame(post, g.routeSite("order", "2.0.0", "/orders", "POST"), "one site per route, method and version");
        assertNotSame(post, g.routeSite("order", "2.0.0", "/orders", "GET"));
        assertNotSame(post, g.routeSite("order", "2.1.0", "/orders", "POST"));
        g.call(post, () -> "created");
        g.route("order", "2.0.0", "/orders", "POST", () -> "created");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter(false).write(out, metrics.registry.scrape());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("keel_http_requests_total{method=\"POST\",plugin=\"order\",route=\"/orders\","
                + "version=\"2.0.0\"} 2"), text);
    }

    @Test
    void aRequestThatFailsBecauseOfItsCallerIsNoErrorOfTheRoute() throws Exception {
        Governor g = governor(Map.of("minimum_calls", 2, "sliding_window_size", 4), Map.of());
        for (int status : new int[] {400, 401, 403, 404, 409, 413, 415, 422, 429}) {
            dev.keel.api.http.ProblemException refused = new dev.keel.api.http.ProblemException(status, null, "no");
            assertSame(refused, assertThrows(dev.keel.api.http.ProblemException.class,
                    () -> g.route("payment", "1.1.0", "/payments", "POST", failing(refused))));
        }
        GovernanceMetrics.Row row = metrics.rows("payment").get(0);
        assertEquals(9, row.count());
        assertEquals(0, row.errors(), "a canary's error rate counts no caller's fault");
        assertEquals("CLOSED", g.breakerViews().get(0).state());
    }

    @Test
    void aClientFaultCountsNeitherWayAndReachesTheCaller() throws Exception {
        Governor g = governor(Map.of("minimum_calls", 2, "sliding_window_size", 2), Map.of());
        Governor.Site site = site(g);
        for (int i = 0; i < 5; i++) {
            assertThrows(ClientFault.class, () -> g.call(site, () -> {
                throw new ClientFault(new java.io.IOException("broken pipe"));
            }));
        }
        assertEquals("CLOSED", g.breakerViews().get(0).state());
        assertEquals(0, g.breakerViews().get(0).calls(), "neither a success nor a failure of the provider");
        assertEquals(0, metrics.rows("payment").get(0).errors());
    }
}
