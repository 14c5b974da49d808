package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import com.fasterxml.jackson.databind.JsonNode;

import dev.keel.api.PluginState;
import dev.keel.api.order.OrderEvents;

/**
 * The business plugins over real HTTP, on the real database: the user → order
 * → payment → events → user totals flow (as the customer: registered with a
 * password, logged in), every bad input as problem+json, idempotent charges
 * and refunds (as the test operator), declines by configuration, and events
 * counted once.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BusinessFlowIT extends KeelTest {

    @Inject
    private EventAdmin eventAdmin;

    @Configuration
    public Option[] config() {
        return KeelOptions.keel(KeelOptions.freePort());
    }

    private void ready() {
        awaitBusinessPlugins();
    }

    private static Map<String, Object> order(String userId, String currency, Object... items) {
        List<Object> lines = new ArrayList<>();
        for (int i = 0; i < items.length; i += 3) {
            lines.add(Map.of("sku", items[i], "quantity", items[i + 1], "unitPrice", items[i + 2]));
        }
        return Map.of("userId", userId, "currency", currency, "items", lines);
    }

    @Test
    public void aUserOrdersIsChargedAndSeesTheirTotals() {
        ready();
        Customers.Customer ada = Customers.register(api(), "Ada", "Ada-" + UUID.randomUUID() + "@Example.com");
        Api.Reply created = ada.registered();
        Api customer = ada.api();
        assertEquals(created.toString(), 201, created.status());
        String userId = created.json().get("id").asText();
        assertEquals("/api/user/users/" + userId, created.header("Location"));
        assertEquals("Ada", created.json().get("name").asText());
        assertTrue("e-mail stored in lower case", created.json().get("email").asText().endsWith("@example.com"));
        assertEquals(0, created.json().get("orderCount").asLong());
        assertEquals(0, created.json().get("totals").size());

        Api.Reply placed = customer.post("/api/order/orders", order(userId, "EUR", "A-1", 2, 1250));
        assertEquals(placed.toString(), 201, placed.status());
        JsonNode o = placed.json();
        assertEquals("PAID", o.get("status").asText());
        assertEquals(2500, o.get("total").asLong());
        assertEquals("EUR", o.get("currency").asText());
        assertEquals(userId, o.get("userId").asText());
        assertEquals("A-1", o.get("items").get(0).get("sku").asText());
        String orderId = o.get("id").asText();
        String paymentId = o.get("paymentId").asText();

        Api.Reply fetched = customer.get("/api/order/orders/" + orderId);
        assertEquals(200, fetched.status());
        assertEquals("PAID", fetched.json().get("status").asText());
        assertEquals(paymentId, fetched.json().get("paymentId").asText());

        Api.Reply payment = customer.get("/api/payment/payments/" + paymentId);
        assertEquals(payment.toString(), 200, payment.status());
        assertEquals(orderId, payment.json().get("orderId").asText());
        assertEquals(2500, payment.json().get("amount").asLong());
        assertEquals("CAPTURED", payment.json().get("status").asText());

        Api.Reply byUser = customer.get("/api/order/orders?userId=" + userId);
        assertEquals(1, byUser.json().get("items").size());

        Await.until("the user's totals show the paid order", () -> {
            JsonNode u = customer.get("/api/user/users/" + userId).json();
            return u.get("orderCount").asLong() == 1 && u.get("totals").path("EUR").asLong() == 2500;
        }, () -> customer.get("/api/user/users/" + userId));
    }

    @Test
    public void badInputIsProblemJsonNamingTheField() {
        ready();
        String pw = Customers.PASSWORD;
        assertProblem(api().post("/api/user/users", "{\"name\": \"Ada\","), 400, "body");
        assertProblem(api().post("/api/user/users", "[1,2]"), 400, "body");
        assertProblem(api().post("/api/user/users", Map.of("email", "x@example.com", "password", pw)), 400, "name");
        assertProblem(api().post("/api/user/users", Map.of("name", "Ada", "email", "not-an-address", "password", pw)),
                400, "email");
        assertProblem(api().post("/api/user/users", Map.of("name", 42, "email", "n@example.com", "password", pw)), 400,
                "name");
        assertProblem(api().post("/api/user/users", Map.of("name", "Ada", "email", "n@example.com")), 400, "password");
        // a known e-mail was a 409 here, which told anyone whether an address is registered: it is now answered
        // like a new registration and changes nothing (BusinessAccessIT)
        JsonNode ada = Customers.register(api(), "Dup").registered().json();
        assertProblem(api().get("/api/user/users/" + UUID.randomUUID()), 404, null);
        assertProblem(api().get("/api/user/users?limit=1000"), 400, "limit");

        String userId = ada.get("id").asText();
        assertProblem(api().post("/api/order/orders", order(userId, "EUR", "A-1", -1, 100)), 400, "items[0].quantity");
        assertProblem(api().post("/api/order/orders", order(userId, "EUR", "A-1", 0, 100)), 400, "items[0].quantity");
        assertProblem(api().post("/api/order/orders", order(userId, "EUR", "A-1", "two", 100)), 400, "items[0].quantity");
        assertProblem(api().post("/api/order/orders", order(userId, "EUR", "A-1", 1, 10.5)), 400, "items[0].unitPrice");
        assertProblem(api().post("/api/order/orders", order(userId, "XYZ", "A-1", 1, 100)), 400, "currency");
        assertProblem(api().post("/api/order/orders", Map.of("userId", userId, "currency", "EUR")), 400, "items");
        assertProblem(api().post("/api/order/orders", order(UUID.randomUUID().toString(), "EUR", "A-1", 1, 100)),
                422, "userId");
        assertProblem(api().get("/api/order/orders/" + UUID.randomUUID()), 404, null);
        assertProblem(api().get("/api/order/orders"), 400, "userId");

        Map<String, Object> charge = Map.of("orderId", "o-1", "amount", 100, "currency", "EUR");
        assertProblem(api().post("/api/payment/payments", charge), 400, "Idempotency-Key");
        assertProblem(api().post("/api/payment/payments", Map.of("orderId", "o-1", "amount", 0, "currency", "EUR"),
                Map.of("Idempotency-Key", "k-" + UUID.randomUUID())), 400, "amount");
        assertProblem(api().post("/api/payment/payments", Map.of("orderId", "o-1", "amount", 100, "currency", "eur"),
                Map.of("Idempotency-Key", "k-" + UUID.randomUUID())), 400, "currency");
        assertProblem(api().get("/api/payment/payments/" + UUID.randomUUID()), 404, null);
        assertEquals("no order was stored for rejected input", 0,
                api().get("/api/order/orders?userId=" + userId).json().get("items").size());
    }

    @Test
    public void theSameChargeIsTakenOnceEvenFromEightThreads() throws Exception {
        ready();
        String key = "k-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("orderId", "o-" + UUID.randomUUID(), "amount", 2500, "currency", "EUR");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Api.Reply>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> api().post("/api/payment/payments", body, Map.of("Idempotency-Key", key)));
            }
            Set<String> ids = new HashSet<>();
            int created = 0;
            for (Future<Api.Reply> f : pool.invokeAll(calls)) {
                Api.Reply r = f.get();
                assertTrue(r.toString(), r.status() == 201 || r.status() == 200);
                created += r.status() == 201 ? 1 : 0;
                ids.add(r.json().get("id").asText());
            }
            assertEquals("one payment for one key", 1, ids.size());
            assertEquals("exactly one call created it", 1, created);
            String id = ids.iterator().next();

            Api.Reply again = api().post("/api/payment/payments", body, Map.of("Idempotency-Key", key));
            assertEquals(200, again.status());
            assertEquals(id, again.json().get("id").asText());
            assertProblem(api().post("/api/payment/payments", Map.of("orderId", body.get("orderId"), "amount", 2600,
                    "currency", "EUR"), Map.of("Idempotency-Key", key)), 409, "Idempotency-Key");

            Api.Reply partial = api().post("/api/payment/payments/" + id + "/refund", Map.of("amount", 1000));
            assertEquals(partial.toString(), 200, partial.status());
            assertEquals("PARTIALLY_REFUNDED", partial.json().get("status").asText());
            assertEquals(1000, partial.json().get("refunded").asLong());
            assertProblem(api().post("/api/payment/payments/" + id + "/refund", Map.of("amount", 1501)), 422, "amount");
            Api.Reply rest = api().post("/api/payment/payments/" + id + "/refund", Map.of("amount", 1500));
            assertEquals("REFUNDED", rest.json().get("status").asText());
            assertProblem(api().post("/api/payment/payments/" + UUID.randomUUID() + "/refund", Map.of("amount", 1)),
                    404, null);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void aDeclinedPaymentLeavesTheOrderStoredAsFailed() throws Exception {
        ready();
        org.osgi.service.cm.Configuration payment = configAdmin.getConfiguration("keel.payment", "?");
        Dictionary<String, Object> limit = new Hashtable<>();
        limit.put("decline.above", 1000L);
        payment.update(limit);
        try {
            Customers.Customer grace = Customers.register(api(), "Grace");
            String userId = grace.id();
            Await.until("the decline limit is applied", () -> {
                Api.Reply r = api().post("/api/payment/payments", Map.of("orderId", "probe", "amount", 1001,
                        "currency", "EUR"), Map.of("Idempotency-Key", "probe-" + UUID.randomUUID()));
                return r.status() == 201 && "DECLINED".equals(r.json().get("status").asText());
            });
            Api.Reply placed = grace.api().post("/api/order/orders", order(userId, "EUR", "B-2", 1, 2500));
            assertEquals(placed.toString(), 201, placed.status());
            assertEquals("PAYMENT_FAILED", placed.json().get("status").asText());
            assertTrue(placed.toString(), placed.json().get("reason").asText().contains("declined"));
            String orderId = placed.json().get("id").asText();
            assertEquals("PAYMENT_FAILED", grace.api().get("/api/order/orders/" + orderId).json().get("status").asText());
            Await.until("the failed order is counted, its money is not", () -> {
                JsonNode u = grace.api().get("/api/user/users/" + userId).json();
                return u.get("orderCount").asLong() == 1 && u.get("totals").size() == 0;
            }, () -> grace.api().get("/api/user/users/" + userId));
        } finally {
            payment.delete();
        }
    }

    @Test
    public void anEventDeliveredTwiceIsCountedOnce() {
        ready();
        Customers.Customer linus = Customers.register(api(), "Linus");
        String userId = linus.id();
        Map<String, Object> props = new HashMap<>();
        props.put(OrderEvents.ORDER_ID, "redelivered-" + UUID.randomUUID());
        props.put(OrderEvents.USER_ID, userId);
        props.put(OrderEvents.TOTAL, 700L);
        props.put(OrderEvents.CURRENCY, "USD");
        props.put(OrderEvents.STATUS, "PAID");
        eventAdmin.sendEvent(new Event(OrderEvents.PLACED, props));
        eventAdmin.sendEvent(new Event(OrderEvents.PAID, props));
        eventAdmin.sendEvent(new Event(OrderEvents.PLACED, props));
        eventAdmin.sendEvent(new Event(OrderEvents.PAID, props));
        JsonNode u = linus.api().get("/api/user/users/" + userId).json();
        assertEquals(u.toString(), 1, u.get("orderCount").asLong());
        assertEquals(u.toString(), 700, u.get("totals").get("USD").asLong());
    }

    @Test
    public void updatingAPluginBundleLosesNothing() throws Exception {
        ready();
        Customers.Customer barbara = Customers.register(api(), "Barbara");
        String userId = barbara.id();
        Bundle user = context.getBundle(runtime.plugin("user").orElseThrow().bundleId());
        user.update();
        Await.until("user ACTIVE again after its update", () -> runtime.plugins().stream()
                .anyMatch(p -> p.name().equals("user") && p.state() == PluginState.ACTIVE
                        && barbara.api().get("/api/user/users/" + userId).status() == 200), runtime::plugins);
        Api.Reply r = barbara.api().get("/api/user/users/" + userId);
        assertEquals("Barbara", r.json().get("name").asText());
        ready();
    }

    @Test
    public void listsUsersInPages() {
        ready();
        for (int i = 0; i < 3; i++) {
            Customers.register(api(), "Page" + i);
        }
        Api.Reply first = api().get("/api/user/users?limit=2&offset=0");
        assertEquals(first.toString(), 200, first.status());
        assertEquals(2, first.json().get("items").size());
        assertEquals(2, first.json().get("limit").asInt());
        long total = first.json().get("total").asLong();
        assertTrue(total >= 3);
        Api.Reply last = api().get("/api/user/users?limit=2&offset=" + (total - 1));
        assertEquals(1, last.json().get("items").size());
        assertFalse(first.json().get("items").get(0).get("id").asText()
                .equals(last.json().get("items").get(0).get("id").asText()));
    }

    private static void assertProblem(Api.Reply r, int status, String field) {
        assertEquals(r.toString(), status, r.status());
        assertNotNull("not JSON: " + r, r.json());
        assertTrue(r.contentType(), r.contentType().startsWith("application/problem+json"));
        assertEquals(r.toString(), status, r.json().get("status").asInt());
        assertTrue(r.toString(), r.json().hasNonNull("title") && r.json().hasNonNull("detail")
                && r.json().hasNonNull("type"));
        assertFalse("a stack trace leaked: " + r, r.raw().body().contains("\tat ") || r.raw().body().contains("Exception:"));
        if (field != null) {
            boolean named = false;
            for (JsonNode e : r.json().path("errors")) {
                named |= field.equals(e.get("field").asText()) && e.hasNonNull("message");
            }
            assertTrue("no error names " + field + ": " + r, named);
        }
    }
}
