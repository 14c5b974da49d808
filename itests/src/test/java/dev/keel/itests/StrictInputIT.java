package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;


import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;


/**
 * Strict input, one clear answer each: a table of bad requests to the business
 * routes over real HTTP, each row asserting the status, that the answer is
 * problem+json, the field it names and what its detail says.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StrictInputIT extends KeelTest {

    private static final String KEY = "Idempotency-Key";
    private static final String MAX = String.valueOf(Long.MAX_VALUE);
    private static final String TWO_TO_63 = "9223372036854775808";

    /** One bad request and the answer it must get ({@code field} null: the problem names no field). */
    private record Row(String name, String path, String contentType, byte[] body, Map<String, String> headers,
            int status, String field, String detail) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private Api api;
    private int port;

    @Configuration
    public Option[] config() {
        return KeelOptions.keel(KeelOptions.freePort());
    }

    @Before
    public void client() {
        api = api();
        port = Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
        awaitBusinessPlugins();
    }

    @Test
    public void everyBadInputGetsOneClearAnswer() throws Exception {
        Api.Reply user = api.post("/api/user/users", Map.of("name", "Table", "email", email(),
                "password", Customers.PASSWORD));
        assertEquals(user.toString(), 201, user.status());
        String userId = user.json().get("id").asText();

        String paymentKey = "pay-" + UUID.randomUUID();
        Api.Reply charged = api.post("/api/payment/payments", Map.of("orderId", "o-table", "amount", 5000,
                "currency", "EUR"), Map.of(KEY, paymentKey));
        assertEquals(charged.toString(), 201, charged.status());
        String paymentId = charged.json().get("id").asText();
        Api.Reply partial = api.post("/api/payment/payments/" + paymentId + "/refund", Map.of("amount", 1000));
        assertEquals(partial.toString(), 200, partial.status());

        String orderKey = "order-" + UUID.randomUUID();
        Api.Reply placed = api.post("/api/order/orders", order(userId, "EUR", "1", "1250"), Map.of(KEY, orderKey));
        assertEquals(placed.toString(), 201, placed.status());
        String orderId = placed.json().get("id").asText();
        String orderPaymentId = placed.json().get("paymentId").asText();

        String users = "/api/user/users";
        String orders = "/api/order/orders";
        String payments = "/api/payment/payments";
        String json = "application/json";
        String okUser = user("Ada", email());
        byte[] badUtf8 = user("Ad\u0000", email()).getBytes(StandardCharsets.UTF_8);
        badUtf8[11] = (byte) 0xC3; // the NUL becomes a lone lead byte: "Ad" 0xC3 '"'
        List<Row> rows = List.of(
                row("text/plain body", users, "text/plain", okUser, 415, null, "Content-Type text/plain"),
                row("form body", orders, "application/x-www-form-urlencoded", "userId=" + userId, 415, null,
                        "Content-Type application/x-www-form-urlencoded"),
                row("no Content-Type", payments, null, "{}", Map.of(KEY, "k-" + UUID.randomUUID()), 415, null,
                        "Content-Type"),
                row("JSON in another charset", users, json + "; charset=ISO-8859-1", okUser, 415, "Content-Type",
                        "in UTF-8"),
                row("trailing content", users, json, okUser + " garbage", 400, "body", "content after the JSON value"),
                row("duplicate keys", payments, json, "{\"orderId\":\"o-dup\",\"amount\":999999,\"amount\":500,"
                        + "\"currency\":\"EUR\"}", Map.of(KEY, "k-" + UUID.randomUUID()), 400, "body",
                        "key given twice in one object: 'amount'"),
                new Row("invalid UTF-8", users, json, badUtf8, Map.of(), 400, "body", "not valid UTF-8 (at byte 11)"),
                row("NUL in a name", users, json, user("Ad\\u0000a", email()), 400, "name", "U+0000"),
                row("ESC in a name", users, json, user("\\u001b[31mAda", email()), 400, "name", "U+001B"),
                row("bidi override in a name", users, json, user("Ada\\u202egnp.exe", email()), 400, "name",
                        "U+202E"),
                row("bidi isolate in an e-mail", users, json, user("Ada", "\\u2066" + email()), 400, "email",
                        "U+2066"),
                row("zero-width space in an e-mail", users, json, user("Ada", "ada\\u200b" + email()), 400, "email",
                        "U+200B"),
                row("XXX is no currency", orders, json, order(userId, "XXX", "1", "100"), 400, "currency", "not XXX"),
                row("gold is no currency", payments, json, charge("o-xau", "100", "XAU"),
                        Map.of(KEY, "k-" + UUID.randomUUID()), 400, "currency", "not XAU"),
                row("unknown currency", orders, json, order(userId, "XYZ", "1", "100"), 400, "currency", "not XYZ"),
                row("amount beyond 64 bits", payments, json, charge("o-big", TWO_TO_63, "EUR"),
                        Map.of(KEY, "k-" + UUID.randomUUID()), 422, "amount", "largest value that can be stored"),
                row("unit price beyond 64 bits", orders, json, order(userId, "EUR", "1", TWO_TO_63), 422,
                        "items[0].unitPrice", "largest value that can be stored"),
                row("order total beyond 64 bits", orders, json, order(userId, "EUR", "2", MAX), 422, "items",
                        "largest amount that can be stored"),
                row("refund of 2^63-1 after a partial refund", payments + "/" + paymentId + "/refund", json,
                        "{\"amount\":" + MAX + "}", 422, "amount", "left to refund"),
                row("idempotency key with a space", orders, json, order(userId, "EUR", "1", "100"),
                        Map.of(KEY, "two words"), 400, KEY, "visible ASCII"),
                row("idempotency key with a tab", payments, json, charge("o-tab", "100", "EUR"),
                        Map.of(KEY, "k\tk"), 400, KEY, "visible ASCII"),
                row("idempotency key of 201 characters", payments, json, charge("o-long", "100", "EUR"),
                        Map.of(KEY, "k".repeat(201)), 400, KEY, "1 to 200"),
                row("payment key reused with another body", payments, json, charge("o-table", "5001", "EUR"),
                        Map.of(KEY, paymentKey), 409, KEY, "different charge"),
                row("order key reused with another body", orders, json, order(userId, "EUR", "2", "1250"),
                        Map.of(KEY, orderKey), 409, KEY, "different order"));

        List<String> wrong = new ArrayList<>();
        for (Row row : rows) {
            Api.Reply r = send(row);
            String why = mismatch(row, r);
            if (why != null) {
                wrong.add(row.name() + ": " + why + " — got " + r);
            }
            for (String id : List.of(paymentId, orderId, orderPaymentId)) {
                if (!row.path().contains(id) && r.raw().body().contains(id)) {
                    wrong.add(row.name() + ": the answer names another request's id " + id + ": " + r);
                }
            }
        }
        assertTrue(wrong.size() + " of " + rows.size() + " rows answered wrongly:\n" + String.join("\n", wrong),
                wrong.isEmpty());

        Api.Reply persian = api.post(users, Map.of("name", "\u0645\u0647\u062F\u06CC\u200C\u0632\u0627\u062F\u0647",
                "email", email(), "password", Customers.PASSWORD));
        assertEquals("a zero-width non-joiner in a Persian name stays allowed: " + persian, 201, persian.status());
        assertEquals("the refused refund changed nothing", 1000,
                api.get(payments + "/" + paymentId).json().get("refunded").asLong());
    }

    private static String mismatch(Row row, Api.Reply r) {
        if (r.status() != row.status()) {
            return "status " + r.status() + ", expected " + row.status();
        }
        if (r.contentType() == null || !r.contentType().startsWith("application/problem+json") || r.json() == null) {
            return "not problem+json";
        }
        if (r.json().get("status").asInt() != row.status() || !r.json().hasNonNull("title")) {
            return "the problem's status or title is wrong";
        }
        String detail = r.json().path("detail").asText();
        StringBuilder messages = new StringBuilder(detail);
        boolean named = row.field() == null;
        for (JsonNode e : r.json().path("errors")) {
            named |= row.field() != null && row.field().equals(e.path("field").asText());
            messages.append(' ').append(e.path("message").asText());
        }
        if (!named) {
            return "no error names " + row.field();
        }
        return messages.toString().contains(row.detail()) ? null : "nothing says \"" + row.detail() + "\"";
    }

    private Api.Reply send(Row row) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + row.path()))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(row.body()))
                .header("Authorization", "Bearer " + api.token());
        if (row.contentType() != null) {
            b.header("Content-Type", row.contentType());
        }
        row.headers().forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = null;
        try {
            node = r.body().isEmpty() ? null : mapper.readTree(r.body());
        } catch (IOException notJson) {
            // mismatch() reports it
        }
        return new Api.Reply(r.statusCode(), r, node);
    }

    private static Row row(String name, String path, String contentType, String body, int status, String field,
            String detail) {
        return row(name, path, contentType, body, Map.of(), status, field, detail);
    }

    private static Row row(String name, String path, String contentType, String body, Map<String, String> headers,
            int status, String field, String detail) {
        return new Row(name, path, contentType, body.getBytes(StandardCharsets.UTF_8), headers, status, field, detail);
    }

    private static String email() {
        return "t-" + UUID.randomUUID() + "@example.com";
    }

    /** A user body with a good password; {@code name} and {@code email} are JSON string contents (escapes allowed). */
    private static String user(String name, String email) {
        return "{\"name\":\"" + name + "\",\"email\":\"" + email + "\",\"password\":\"" + Customers.PASSWORD
                + "\"}";
    }

    private static String order(String userId, String currency, String quantity, String unitPrice) {
        return "{\"userId\":\"" + userId + "\",\"currency\":\"" + currency + "\",\"items\":[{\"sku\":\"A-1\","
                + "\"quantity\":" + quantity + ",\"unitPrice\":" + unitPrice + "}]}";
    }

    private static String charge(String orderId, String amount, String currency) {
        return "{\"orderId\":\"" + orderId + "\",\"amount\":" + amount + ",\"currency\":\"" + currency + "\"}";
    }
}
