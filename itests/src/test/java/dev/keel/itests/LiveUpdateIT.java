package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;

import dev.keel.api.Plugin;
import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;
import dev.keel.api.ServiceUnavailableException;
import dev.keel.api.payment.PaymentService;

/**
 * Live update of the payment plugin on the real distribution's bundles: under
 * steady order traffic over HTTP no request fails while payment (and order,
 * its dependent) is swapped; a request that comes while payment is down is
 * held and served; a plugin that does not come back within
 * {@code hold.timeout.ms} is answered 503 with Retry-After; and 50 updates
 * leave no old revision's class loader behind.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LiveUpdateIT extends KeelTest {

    private static final String PAYMENT_BSN = "dev.keel.payment-bundle";

    @Inject
    private PaymentService payments;

    @Configuration
    public Option[] config() {
        return KeelOptions.keel(KeelOptions.freePort());
    }

    private void ready() {
        api();
        awaitBusinessPlugins();
    }

    @Test
    public void ordersPlacedWhilePaymentIsUpdatedTenTimesAllSucceed() throws Exception {
        ready();
        String user = userId();
        int clients = 8;
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger paid = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        // [start, end] of every request, to find the ones that overlapped a swap
        ConcurrentLinkedQueue<long[]> requests = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> loops = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            loops.add(pool.submit(() -> {
                while (running.get()) {
                    long t0 = System.nanoTime();
                    sent.incrementAndGet();
                    try {
                        Api.Reply r = api().post("/api/order/orders", order(user));
                        requests.add(new long[] {t0, System.nanoTime()});
                        if (r.status() != 201 || !"PAID".equals(r.json().get("status").asText())) {
                            failures.add(r.toString());
                        } else {
                            paid.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        failures.add(e.toString());
                    }
                }
            }));
        }
        try {
            Await.until("orders flow", Duration.ofSeconds(30), () -> paid.get() >= 4 * clients);
            Bundle payment = bundle(PAYMENT_BSN);
            List<long[]> swaps = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int before = paid.get();
                long t0 = System.nanoTime();
                updateAndRefresh(payment);
                long t1 = awaitActive("payment", t0);
                swaps.add(new long[] {t0, t1});
                Await.until("orders flow again after swap " + (i + 1), Duration.ofSeconds(30),
                        () -> paid.get() > before + clients && active("order"));
            }
            running.set(false);
            for (Future<?> f : loops) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertTrue("failed requests: " + failures.size() + ", first: " + failures.peek(), failures.isEmpty());
            assertEquals("every order answered is PAID", sent.get(), paid.get());

            List<Long> gaps = new ArrayList<>();
            swaps.forEach(s -> gaps.add((s[1] - s[0]) / 1_000_000));
            Collections.sort(gaps);
            long maxDuring = 0;
            long maxOutside = 0;
            for (long[] r : requests) {
                long ms = (r[1] - r[0]) / 1_000_000;
                boolean overlaps = swaps.stream().anyMatch(s -> r[0] <= s[1] && r[1] >= s[0]);
                if (overlaps) {
                    maxDuring = Math.max(maxDuring, ms);
                } else {
                    maxOutside = Math.max(maxOutside, ms);
                }
            }
            System.out.printf("LiveUpdateIT: %d orders, 0 failed, 10 payment updates; update->ACTIVE median %d ms, "
                    + "max %d ms; request latency max %d ms during swaps, %d ms outside%n", sent.get(),
                    gaps.get(gaps.size() / 2), gaps.get(gaps.size() - 1), maxDuring, maxOutside);
            assertTrue("max request latency under the hold timeout: " + maxDuring, maxDuring < 5000);
            // held calls are no failures: no breaker opened, no payment call counted as failed
            String metrics = api().get("/metrics").raw().body();
            assertFalse(metrics, metrics.lines().anyMatch(l -> l.startsWith("keel_breaker_state{")
                    && l.contains("state=\"open\"") && !l.endsWith(" 0") && !l.endsWith(" 0.0")));
            assertFalse(metrics, metrics.lines().anyMatch(l -> l.startsWith("keel_service_call_errors_total{")
                    && l.contains("plugin=\"payment\"") && !l.endsWith(" 0") && !l.endsWith(" 0.0")));
        } finally {
            running.set(false);
            pool.shutdownNow();
        }
    }

    @Test
    public void aRequestWhilePaymentIsDownIsHeldAndThenServed() throws Exception {
        ready();
        String user = userId();
        Bundle payment = bundle(PAYMENT_BSN);
        payment.stop();
        try {
            long t0 = System.nanoTime();
            CompletableFuture<Api.Reply> placed = CompletableFuture.supplyAsync(
                    () -> api().post("/api/order/orders", order(user)));
            try {
                Api.Reply early = placed.get(300, TimeUnit.MILLISECONDS);
                fail("answered while payment was down: " + early);
            } catch (TimeoutException held) {
                // held while payment is down, as it should be
            }
            payment.start();
            Api.Reply r = placed.get(30, TimeUnit.SECONDS);
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(r.toString(), 201, r.status());
            assertEquals("PAID", r.json().get("status").asText());
            assertTrue("held at least while payment was down: " + tookMs, tookMs >= 300);
        } finally {
            if (payment.getState() != Bundle.ACTIVE) {
                payment.start();
            }
        }
        ready();
    }

    @Test
    public void aPluginThatDoesNotComeBackIsAnswered503AfterTheHoldTimeout() throws Exception {
        ready();
        configure(Map.of("hold.timeout.ms", "500"));
        Bundle payment = bundle(PAYMENT_BSN);
        payment.stop();
        try {
            long t0 = System.nanoTime();
            Api.Reply r = api().get("/api/payment/payments/" + UUID.randomUUID());
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(r.toString(), 503, r.status());
            assertTrue(r.contentType(), r.contentType().startsWith("application/problem+json"));
            assertNotNull("Retry-After", r.header("Retry-After"));
            assertTrue(r.toString(), r.raw().body().contains("did not come back within 500 ms"));
            assertTrue("held about hold.timeout.ms: " + tookMs, tookMs >= 450 && tookMs < 5000);

            long s0 = System.nanoTime();
            ServiceUnavailableException e = GovernanceIT.thrown(ServiceUnavailableException.class,
                    () -> payments.find("x"));
            long callMs = (System.nanoTime() - s0) / 1_000_000;
            assertEquals(ServiceUnavailableException.Reason.NO_PROVIDER, e.reason());
            assertTrue("a governed call is held about hold.timeout.ms too: " + callMs, callMs < 5000);
        } finally {
            payment.start();
            configure(Map.of("hold.timeout.ms", "5000"));
        }
        ready();
        // an operator's stop is answered at once, not held
        runtime.stop("payment");
        try {
            long t0 = System.nanoTime();
            Api.Reply r = api().get("/api/payment/payments/" + UUID.randomUUID());
            assertEquals(r.toString(), 503, r.status());
            assertTrue("not held", (System.nanoTime() - t0) / 1_000_000 < 2000);
        } finally {
            runtime.start("payment");
        }
    }

    @Test
    public void fiftyUpdatesLeaveNoOldRevisionBehind() throws Exception {
        ready();
        String user = userId();
        Bundle payment = bundle(PAYMENT_BSN);
        List<WeakReference<ClassLoader>> old = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            // each revision serves first: a governed call from order (the proxy, breaker, metrics, Jackson in
            // payment) and a request to payment's own route (the route table, servlet init/destroy)
            Await.until("order ACTIVE", Duration.ofSeconds(30), () -> active("order"));
            Api.Reply placed = api().post("/api/order/orders", order(user));
            assertEquals(placed.toString(), 201, placed.status());
            Api.Reply paid = api().get("/api/payment/payments/" + placed.json().get("paymentId").asText());
            assertEquals(paid.toString(), 200, paid.status());
            old.add(new WeakReference<>(pluginClassLoader(payment)));
            long t0 = System.nanoTime();
            updateAndRefresh(payment);
            awaitActive("payment", t0);
        }
        Await.until("order ACTIVE", Duration.ofSeconds(30), () -> active("order"));
        ClassLoader current = pluginClassLoader(payment);
        assertTrue("the references are to old revisions", old.stream().noneMatch(r -> r.get() == current));
        // the plugins still serve after the updates
        Api.Reply placed = api().post("/api/order/orders", order(userId()));
        assertEquals(placed.toString(), 201, placed.status());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<byte[]> pressure = new ArrayList<>();
        while (alive(old) > 0 && System.nanoTime() < deadline) {
            System.gc();
            for (int i = 0; i < 64; i++) {
                pressure.add(new byte[256 * 1024]);
            }
            pressure.clear();
            System.runFinalization();
            Thread.sleep(20); // the poll interval of this bounded loop
        }
        System.out.printf("LiveUpdateIT: 50 payment updates, %d old class loaders still reachable%n", alive(old));
        assertEquals("old revisions' class loaders still reachable", 0, alive(old));
    }

    // --- helpers ---------------------------------------------------------------

    private static int alive(List<WeakReference<ClassLoader>> refs) {
        int n = 0;
        for (WeakReference<ClassLoader> r : refs) {
            if (r.get() != null) {
                n++;
            }
        }
        return n;
    }

    /** The class loader of the payment bundle's current {@code Plugin} service object, taken through the framework. */
    private ClassLoader pluginClassLoader(Bundle payment) throws Exception {
        for (ServiceReference<Plugin> ref : context.getServiceReferences(Plugin.class, null)) {
            if (ref.getBundle() != null && ref.getBundle().getBundleId() == payment.getBundleId()) {
                Plugin p = context.getService(ref);
                try {
                    return p.getClass().getClassLoader();
                } finally {
                    context.ungetService(ref);
                }
            }
        }
        throw new AssertionError("payment registers no Plugin service");
    }

    /** Updates the bundle from its location and refreshes it, as {@code update} + {@code refresh} in Gogo. */
    private void updateAndRefresh(Bundle bundle) throws Exception {
        bundle.update();
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED || e.getType() == FrameworkEvent.ERROR) {
                refreshed.countDown();
            }
        });
        assertTrue("refreshed", refreshed.await(30, TimeUnit.SECONDS));
    }

    /** Waits until the plugin is ACTIVE again, started after {@code since}; returns when it saw it (nanoTime). */
    private long awaitActive(String name, long since) {
        Instant after = Instant.now().minusNanos(System.nanoTime() - since);
        long[] at = {0};
        Await.until(name + " ACTIVE after the update", Duration.ofSeconds(30), () -> {
            PluginStatus p = runtime.plugin(name).orElse(null);
            if (p != null && p.state() == PluginState.ACTIVE && p.startedAt() != null && !p.startedAt().isBefore(after)) {
                at[0] = System.nanoTime();
                return true;
            }
            return false;
        }, runtime::plugins);
        return at[0];
    }

    private void configure(Map<String, Object> values) {
        configure("keel.liveupdate", values);
    }

    private String userId() {
        Api.Reply r = api().post("/api/user/users", Map.of("name", "Lin",
                "email", "lin-" + UUID.randomUUID() + "@example.com", "password", Customers.PASSWORD));
        assertEquals(r.toString(), 201, r.status());
        return r.json().get("id").asText();
    }

    private static Map<String, Object> order(String userId) {
        return Map.of("userId", userId, "currency", "EUR",
                "items", List.of(Map.of("sku", "S-1", "quantity", 1, "unitPrice", 700)));
    }

}
