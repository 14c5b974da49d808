package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.keel.api.security.Roles;
import dev.keel.itests.Customers.Customer;

/**
 * Who may call each business route, over real HTTP on the real bundles with
 * real tokens: anonymous (no token), two customers (logged in through
 * {@code POST /api/user/sessions}), a viewer and an operator (logged in through
 * {@code POST /auth/token} as users of {@code etc/keel.users}). One table of
 * every route and caller with the status each gets; then the login's answers
 * (the same for an unknown e-mail as for a wrong password) and a registration
 * under a known e-mail (answered like a new one, changing nothing).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BusinessAccessIT extends KeelTest {

    private static final String KEY = "Idempotency-Key";

    private Api anonymous;

    @Configuration
    public Option[] config() {
        return KeelOptions.keel(KeelOptions.freePort());
    }

    @Before
    public void ready() {
        anonymous = api().anonymous();
        awaitBusinessPlugins();
    }

    /** One call and the status each caller gets: anonymous, Ada (the owner), Bob, a viewer, an operator. */
    private record Row(String call, Function<Api, Api.Reply> send, int[] expected) {
    }

    private static Row row(String call, Function<Api, Api.Reply> send, int... expected) {
        return new Row(call, send, expected);
    }

    @Test
    public void everyBusinessRouteAnswersEachCallerByItsPolicy() throws Exception {
        Customer ada = Customers.register(anonymous, "Ada");
        Customer bob = Customers.register(anonymous, "Bob");
        Api viewer = anonymous.withToken(Operators.token(this, "vera", Roles.VIEWER));
        Api operator = anonymous.withToken(Operators.token(this, "olga", Roles.OPERATOR));
        Api.Reply placed = ada.api().post("/api/order/orders", order(ada.id()));
        assertEquals(placed.toString(), 201, placed.status());
        String orderId = placed.json().get("id").asText();
        String paymentId = placed.json().get("paymentId").asText();
        String nobody = UUID.randomUUID().toString();

        List<Row> table = List.of(
                row("POST /users (registration)", a -> a.post("/api/user/users", Map.of("name", "New",
                        "email", "new-" + UUID.randomUUID() + "@example.com", "password", Customers.PASSWORD)),
                        201, 201, 201, 201, 201),
                row("POST /sessions (login)", a -> Customers.sessionAs(a, ada.email(), Customers.PASSWORD),
                        200, 200, 200, 200, 200),
                row("GET /users (list)", a -> a.get("/api/user/users?limit=5"), 401, 403, 403, 200, 200),
                row("GET /users/{ada}", a -> a.get("/api/user/users/" + ada.id()), 401, 200, 404, 200, 200),
                row("GET /users/{nobody}", a -> a.get("/api/user/users/" + nobody), 401, 404, 404, 404, 404),
                row("POST /orders for ada", a -> a.post("/api/order/orders", order(ada.id())),
                        401, 201, 403, 403, 201),
                row("GET /orders/{ada's}", a -> a.get("/api/order/orders/" + orderId), 401, 200, 404, 200, 200),
                row("GET /orders?userId=ada", a -> a.get("/api/order/orders?userId=" + ada.id()),
                        401, 200, 403, 200, 200),
                row("GET /payments/{ada's}", a -> a.get("/api/payment/payments/" + paymentId),
                        401, 200, 404, 200, 200),
                row("POST /payments for ada's order", a -> a.post("/api/payment/payments", Map.of("orderId", orderId,
                        "amount", 100, "currency", "EUR"), Map.of(KEY, "k-" + UUID.randomUUID())),
                        401, 201, 403, 403, 201),
                row("POST /payments for no order", a -> a.post("/api/payment/payments", Map.of("orderId", nobody,
                        "amount", 100, "currency", "EUR"), Map.of(KEY, "k-" + UUID.randomUUID())),
                        401, 403, 403, 403, 201),
                row("POST /payments/{ada's}/refund", a -> a.post("/api/payment/payments/" + paymentId + "/refund",
                        Map.of("amount", 1)), 401, 403, 404, 403, 200));

        List<String> callers = List.of("anonymous", "ada", "bob", "viewer", "operator");
        List<Api> clients = List.of(anonymous, ada.api(), bob.api(), viewer, operator);
        List<String> wrong = new ArrayList<>();
        StringBuilder seen = new StringBuilder();
        for (Row r : table) {
            seen.append(String.format("%-34s", r.call()));
            for (int i = 0; i < clients.size(); i++) {
                Api.Reply reply = r.send().apply(clients.get(i));
                seen.append(' ').append(reply.status());
                if (reply.status() != r.expected()[i]) {
                    wrong.add(r.call() + " as " + callers.get(i) + ": expected " + r.expected()[i] + ", got " + reply);
                }
                if (reply.status() == 401 && reply.header("WWW-Authenticate") == null) {
                    wrong.add(r.call() + " as " + callers.get(i) + ": a 401 without WWW-Authenticate");
                }
                if (reply.status() >= 400 && !String.valueOf(reply.contentType()).startsWith("application/problem+json")) {
                    wrong.add(r.call() + " as " + callers.get(i) + ": not problem+json: " + reply.contentType());
                }
            }
            seen.append('\n');
        }
        System.out.println("route policies (anonymous, ada, bob, viewer, operator):\n" + seen);
        assertTrue(String.join("\n", wrong) + "\n" + seen, wrong.isEmpty());
    }

    @Test
    public void anUnknownEmailAndAWrongPasswordGetTheSameAnswer() {
        Customer ada = Customers.register(anonymous, "Ada");
        Api.Reply wrong = Customers.session(anonymous, ada.email(), "not " + Customers.PASSWORD);
        Api.Reply unknown = Customers.session(anonymous, "nobody-" + UUID.randomUUID() + "@example.com",
                Customers.PASSWORD);
        assertEquals(wrong.toString(), 401, wrong.status());
        assertEquals(unknown.toString(), 401, unknown.status());
        assertEquals("the same problem, but for its request id", comparable(wrong.json()), comparable(unknown.json()));
        assertEquals(wrong.contentType(), unknown.contentType());

        Api.Reply right = Customers.session(anonymous, ada.email().toUpperCase(), Customers.PASSWORD);
        assertEquals(right.toString(), 200, right.status());
        assertEquals(ada.id(), right.json().get("userId").asText());
        assertTrue(right.toString(), right.json().get("expiresAt").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
        assertEquals("no-store", right.header("Cache-Control"));
        Api.Reply own = anonymous.withToken(right.json().get("token").asText()).get("/api/user/users/" + ada.id());
        assertEquals("the new token is Ada's", 200, own.status());
        assertFalse("no password hash in any answer", own.raw().body().contains("password"));
    }

    @Test
    public void aKnownEmailIsAnsweredLikeANewRegistrationAndChangesNothing() {
        Customer ada = Customers.register(anonymous, "Ada");
        Api.Reply again = anonymous.post("/api/user/users", Map.of("name", "Mallory", "email",
                ada.email().toUpperCase(), "password", "mallory's password"));
        assertEquals(again.toString(), 201, again.status());
        assertEquals(List.of("id", "name", "email", "orderCount", "totals"), fields(again.json()));
        assertEquals(fields(ada.registered().json()), fields(again.json()));
        String otherId = again.json().get("id").asText();
        assertNotEquals("Ada's id is not revealed", ada.id(), otherId);
        assertEquals("/api/user/users/" + otherId, again.header("Location"));

        assertEquals("Mallory's password opens nothing", 401,
                Customers.session(anonymous, ada.email(), "mallory's password").status());
        Api.Reply mine = ada.api().get("/api/user/users/" + ada.id());
        assertEquals("Ada is unchanged", "Ada", mine.json().get("name").asText());
        assertEquals(200, Customers.session(anonymous, ada.email(), Customers.PASSWORD).status());
    }

    @Test
    public void aRegistrationWithoutAGoodPasswordIsRefused() {
        String email = "short-" + UUID.randomUUID() + "@example.com";
        for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of("name", "Short", "email", email),
                Map.of("name", "Short", "email", email, "password", "seven77"),
                Map.of("name", "Short", "email", email, "password", 12345678),
                Map.of("name", "Short", "email", email, "password", "x".repeat(129)))) {
            Api.Reply r = anonymous.post("/api/user/users", body);
            assertEquals(r.toString(), 400, r.status());
            assertEquals(r.toString(), "password", r.json().get("errors").get(0).get("field").asText());
        }
        assertEquals(401, Customers.session(anonymous, email, "seven77").status());
    }

    @Test
    public void repeatedWrongPasswordsLockTheAccountOutWith429AndRetryAfter() {
        Customer eve = Customers.register(anonymous, "Eve");
        // the kernel's LoginGuard: 5 failures of one account lock it out (keel.security.login account.failures)
        for (int i = 0; i < 5; i++) {
            assertEquals(401, Customers.session(anonymous, eve.email(), "guess " + i).status());
        }
        Api.Reply locked = Customers.session(anonymous, eve.email(), Customers.PASSWORD);
        assertEquals("even the right password waits: " + locked, 429, locked.status());
        assertTrue(locked.toString(), Long.parseLong(locked.header("Retry-After")) >= 1);
        assertTrue(locked.contentType().startsWith("application/problem+json"));
        assertEquals(429, locked.json().get("status").asInt());
        assertFalse("no token while locked out", locked.raw().body().contains("token"));
        assertEquals("another customer is not locked out", 200,
                Customers.session(anonymous, Customers.register(anonymous, "Fay").email(), Customers.PASSWORD)
                        .status());
    }

    private static Map<String, Object> order(String userId) {
        return Map.of("userId", userId, "currency", "EUR",
                "items", List.of(Map.of("sku", "A-1", "quantity", 1, "unitPrice", 1250)));
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Map<String, Object> comparable(JsonNode problem) {
        ObjectNode copy = problem.deepCopy();
        copy.remove("requestId");
        Map<String, Object> out = new LinkedHashMap<>();
        copy.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().toString()));
        return out;
    }
}
