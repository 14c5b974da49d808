package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

import com.fasterxml.jackson.databind.JsonNode;

import dev.keel.api.PluginState;

/**
 * The rules that keep business data whole, over real HTTP on the real
 * bundles: the plugins' stores take the kernel's DataSource by its documented
 * target, not whatever DataSource ranks highest; an order placed under an
 * {@code Idempotency-Key} is placed and charged once, however often and
 * however concurrently it is retried. Orders are placed and read by their
 * customer (registered with a password, logged in).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BusinessRulesIT extends KeelTest {

    private static final String KEY = "Idempotency-Key";

    private Api api;

    @Configuration
    public Option[] config() {
        return KeelOptions.keel(KeelOptions.freePort());
    }

    @Before
    public void client() {
        api = api();
        awaitBusinessPlugins();
    }

    @Test
    public void storesUseTheKernelsDataSourceEvenWhenAnotherRanksHigher() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        DataSource decoy = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("getConnection")) {
                        asked.incrementAndGet();
                        throw new SQLException("the decoy DataSource was used");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        ServiceRegistration<DataSource> registration = context.registerService(DataSource.class, decoy, props);
        try {
            Bundle user = context.getBundle(runtime.plugin("user").orElseThrow().bundleId());
            user.update();
            String email = "target-" + UUID.randomUUID() + "@example.com";
            Await.until("user serves again after its update, on the kernel's DataSource", () -> runtime.plugins()
                    .stream().anyMatch(p -> p.name().equals("user") && p.state() == PluginState.ACTIVE
                            && api.get("/api/user/users?limit=1").status() == 200), runtime::plugins);
            Api.Reply created = api.post("/api/user/users", Map.of("name", "Target", "email", email,
                    "password", Customers.PASSWORD));
            assertEquals(created.toString(), 201, created.status());
            assertEquals("the decoy was never asked for a connection", 0, asked.get());
        } finally {
            registration.unregister();
        }
    }

    @Test
    public void aRetriedOrderWithTheSameKeyIsTheSameOrderChargedOnce() throws Exception {
        Customers.Customer customer = Customers.register(api, "Retry");
        String userId = customer.id();
        Api mine = customer.api();
        String key = "order-" + UUID.randomUUID();
        Map<String, Object> body = order(userId, 2);
        Api.Reply first = mine.post("/api/order/orders", body, Map.of(KEY, key));
        assertEquals(first.toString(), 201, first.status());
        String orderId = first.json().get("id").asText();
        assertEquals("/api/order/orders/" + orderId, first.header("Location"));
        assertEquals("PAID", first.json().get("status").asText());

        Api.Reply again = mine.post("/api/order/orders", body, Map.of(KEY, key));
        assertEquals(again.toString(), 200, again.status());
        assertEquals(first.json(), again.json());

        Api.Reply other = mine.post("/api/order/orders", order(userId, 3), Map.of(KEY, key));
        assertProblem(other, 409, KEY);
        assertFalse("the 409 names no id of the first request: " + other, other.raw().body().contains(orderId)
                || other.raw().body().contains(first.json().get("paymentId").asText()));

        assertEquals(1, mine.get("/api/order/orders?userId=" + userId).json().get("items").size());
        assertEquals("one charge", 1, paymentsOf(orderId));
        awaitTotals(userId, 1, 2500);

        Api.Reply unkeyed = mine.post("/api/order/orders", body);
        Api.Reply unkeyedAgain = mine.post("/api/order/orders", body);
        assertEquals(201, unkeyed.status());
        assertEquals(201, unkeyedAgain.status());
        assertNotEquals("without a key every POST is a new order", unkeyed.json().get("id"),
                unkeyedAgain.json().get("id"));
    }

    @Test
    public void twentyParallelPlacementsWithOneKeyMakeOneOrderAndOnePayment() throws Exception {
        Customers.Customer customer = Customers.register(api, "Parallel");
        String userId = customer.id();
        Api mine = customer.api();
        String key = "order-" + UUID.randomUUID();
        Map<String, Object> body = order(userId, 2);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Api.Reply>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(() -> {
                    start.await();
                    return mine.post("/api/order/orders", body, Map.of(KEY, key));
                });
            }
            List<Future<Api.Reply>> replies = new ArrayList<>();
            for (Callable<Api.Reply> call : calls) {
                replies.add(pool.submit(call));
            }
            start.countDown();
            Set<String> orders = new HashSet<>();
            Set<String> paymentIds = new HashSet<>();
            int created = 0;
            for (Future<Api.Reply> f : replies) {
                Api.Reply r = f.get(60, TimeUnit.SECONDS);
                assertTrue(r.toString(), r.status() == 201 || r.status() == 200);
                assertEquals(r.toString(), "PAID", r.json().get("status").asText());
                created += r.status() == 201 ? 1 : 0;
                orders.add(r.json().get("id").asText());
                paymentIds.add(r.json().get("paymentId").asText());
            }
            assertEquals("one order for one key: " + orders, 1, orders.size());
            assertEquals("one payment: " + paymentIds, 1, paymentIds.size());
            assertEquals("exactly one call created it", 1, created);
            String orderId = orders.iterator().next();
            assertEquals(1, mine.get("/api/order/orders?userId=" + userId).json().get("items").size());
            assertEquals("one charge in the payment plugin's table", 1, paymentsOf(orderId));
            awaitTotals(userId, 1, 2500);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void aRetryAfterThePaymentCouldNotBeTakenChargesTheSameOrder() throws Exception {
        Customers.Customer customer = Customers.register(api, "Outage");
        String userId = customer.id();
        Api mine = customer.api();
        String key = "order-" + UUID.randomUUID();
        Map<String, Object> body = order(userId, 1);
        configure("keel.faults", Map.of("failure.rate.payment", "1"));
        String orderId;
        try {
            Api.Reply failed = mine.post("/api/order/orders", body, Map.of(KEY, key));
            assertProblem(failed, 503, null);
            Api.Reply listed = mine.get("/api/order/orders?userId=" + userId);
            assertEquals(listed.toString(), 1, listed.json().get("items").size());
            orderId = listed.json().get("items").get(0).get("id").asText();
            assertEquals("PAYMENT_FAILED", listed.json().get("items").get(0).get("status").asText());
        } finally {
            configure("keel.faults", Map.of("failure.rate.payment", "0"));
        }
        Api.Reply retried = mine.post("/api/order/orders", body, Map.of(KEY, key));
        assertEquals(retried.toString(), 200, retried.status());
        assertEquals(orderId, retried.json().get("id").asText());
        assertEquals("PAID", retried.json().get("status").asText());
        assertEquals("PAID", mine.get("/api/order/orders/" + orderId).json().get("status").asText());
        assertEquals(1, paymentsOf(orderId));
        awaitTotals(userId, 1, 1250);
    }

    /** An order of {@code quantity} x A-1 at 12.50 EUR. */
    private static Map<String, Object> order(String userId, int quantity) {
        return Map.of("userId", userId, "currency", "EUR",
                "items", List.of(Map.of("sku", "A-1", "quantity", quantity, "unitPrice", 1250)));
    }

    /** How many payments the payment plugin's own table holds for an order: read in the real database. */
    private long paymentsOf(String orderId) throws Exception {
        ServiceReference<DataSource> ref = context.getServiceReferences(DataSource.class, "(keel.datasource=default)")
                .iterator().next();
        DataSource db = context.getService(ref);
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM payment_payments WHERE order_id = ?")) {
            s.setString(1, orderId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } finally {
            context.ungetService(ref);
        }
    }

    private void awaitTotals(String userId, long orders, long eur) {
        Await.until("the user's totals count the order once", () -> {
            JsonNode u = api.get("/api/user/users/" + userId).json();
            return u.get("orderCount").asLong() == orders && u.get("totals").path("EUR").asLong() == eur;
        }, () -> api.get("/api/user/users/" + userId));
    }

    static void assertProblem(Api.Reply r, int status, String field) {
        assertEquals(r.toString(), status, r.status());
        assertNotNull("not JSON: " + r, r.json());
        assertTrue(r.toString(), r.contentType().startsWith("application/problem+json"));
        assertEquals(r.toString(), status, r.json().get("status").asInt());
        assertTrue(r.toString(), r.json().hasNonNull("title") && r.json().hasNonNull("detail"));
        if (field != null) {
            boolean named = false;
            for (JsonNode e : r.json().path("errors")) {
                named |= field.equals(e.path("field").asText()) && e.hasNonNull("message");
            }
            assertTrue("no error names " + field + ": " + r, named);
        }
    }
}
