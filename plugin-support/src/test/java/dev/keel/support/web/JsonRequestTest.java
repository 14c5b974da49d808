package dev.keel.support.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.http.FieldError;
import dev.keel.api.http.ProblemException;
import jakarta.servlet.http.HttpServletRequest;

class JsonRequestTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyBadFieldIsCollectedAndAnsweredAsOne400() throws Exception {
        JsonRequest body = JsonRequest.of(request("{\"name\":42,\"amount\":-3,\"price\":1.5,\"currency\":\"XYZ\"}", null),
                json);
        assertEquals(null, body.text("name", 10));
        assertEquals(0, body.amount("amount"));
        assertEquals(0, body.amount("price"));
        assertEquals(null, body.currency("currency"));
        assertEquals(null, body.text("missing", 10));
        assertFalse(body.ok());
        ProblemException p = assertThrows(ProblemException.class, body::check);
        assertEquals(400, p.status());
        assertEquals(List.of(new FieldError("name", "must be a string"),
                new FieldError("amount", "must be greater than 0"),
                new FieldError("price", "must be a whole number of minor units (e.g. 2500 for 25.00)"),
                new FieldError("currency", "must be an ISO 4217 currency code such as EUR, not XYZ"),
                new FieldError("missing", "is required")), p.errors());
        assertEquals("5 fields are invalid", p.detail());
    }

    @Test
    void goodValuesAreReturnedTrimmed() throws Exception {
        JsonRequest body = JsonRequest.of(request("{\"name\":\" Ada \",\"amount\":2500,\"currency\":\"EUR\"}", null),
                json);
        assertEquals("Ada", body.text("name", 10));
        assertEquals(2500, body.amount("amount"));
        assertEquals(7, body.amountOr("absent", 7));
        assertEquals("EUR", body.currency("currency"));
        assertTrue(body.ok());
        body.check();
    }

    @Test
    void malformedJsonAndNonObjectsNameTheBody() {
        for (String bad : List.of("{\"a\":", "[1,2]", "")) {
            ProblemException p = assertThrows(ProblemException.class, () -> JsonRequest.of(request(bad, null), json));
            assertEquals("body", p.errors().get(0).field(), bad);
        }
    }

    @Test
    void queryParametersAndPathsBelowARoute() {
        HttpServletRequest req = request("", Map.of("limit", "1000", "offset", "5"));
        assertEquals(5, JsonRequest.intParam(req, "offset", 0, 0, 10));
        assertEquals(20, JsonRequest.intParam(req, "absent", 20, 1, 100));
        assertEquals("limit", assertThrows(ProblemException.class,
                () -> JsonRequest.intParam(req, "limit", 20, 1, 100)).errors().get(0).field());
        assertEquals("/42", JsonRequest.below(req, "/users"));
    }

    @Test
    void currenciesAreIsoCodesInUpperCase() {
        assertTrue(JsonRequest.isCurrency("EUR"));
        assertTrue(JsonRequest.isCurrency("JPY"));
        assertFalse(JsonRequest.isCurrency("eur"));
        assertFalse(JsonRequest.isCurrency("XYZ"));
        assertFalse(JsonRequest.isCurrency("EURO"));
        assertFalse(JsonRequest.isCurrency(null));
    }

    @Test
    void controlAndBidiCharactersAreRefusedNotTrimmedAway() throws Exception {
        JsonRequest body = JsonRequest.of(request("{\"name\":\"\\u0000Ada\",\"email\":\"ada\\u202e@example.com\","
                + "\"sku\":\"\\u001b[2J\",\"note\":\" Ada \"}", null), json);
        assertEquals(null, body.text("name", 10));
        assertEquals(null, body.text("email", 254));
        assertEquals(null, body.text("sku", 10));
        assertEquals("Ada", body.text("note", 10));
        ProblemException p = assertThrows(ProblemException.class, body::check);
        assertEquals(400, p.status());
        assertEquals(List.of("name", "email", "sku"), p.errors().stream().map(FieldError::field).toList());
        assertTrue(p.errors().get(1).message().contains("U+202E"), p.errors().get(1).message());
    }

    @Test
    void anAmountBeyondWhatIsStoredIs422NamingTheField() throws Exception {
        JsonRequest body = JsonRequest.of(request("{\"amount\":9223372036854775808,\"twice\":18446744073709551616,"
                + "\"max\":9223372036854775807}", null), json);
        assertEquals(0, body.amount("amount"));
        assertEquals(0, body.amount("twice"));
        assertEquals(Long.MAX_VALUE, body.amount("max"));
        ProblemException p = assertThrows(ProblemException.class, body::check);
        assertEquals(422, p.status());
        assertEquals(List.of(new FieldError("amount", "must be at most 9223372036854775807, the largest value that"
                + " can be stored"), new FieldError("twice", "must be at most 9223372036854775807, the largest value"
                        + " that can be stored")), p.errors());
    }

    @Test
    void aHugeNegativeOrABoundedHugeNumberIsStillA400() throws Exception {
        JsonRequest body = JsonRequest.of(request("{\"amount\":-9223372036854775809,\"quantity\":9223372036854775808,"
                + "\"big\":9223372036854775808}", null), json);
        assertEquals(0, body.amount("amount"));
        assertEquals(0, body.whole(body.body(), "quantity", "quantity", 1, 1000));
        assertEquals(0, body.amount("big"));
        ProblemException p = assertThrows(ProblemException.class, body::check);
        assertEquals(400, p.status(), "a 400 error and a 422 error together are one 400 listing both");
        assertEquals(List.of(new FieldError("amount", "must be greater than 0"),
                new FieldError("quantity", "must be from 1 to 1000"), new FieldError("big",
                        "must be at most 9223372036854775807, the largest value that can be stored")), p.errors());
    }

    @Test
    void codesWithoutMinorUnitsAreNotMoney() throws Exception {
        for (String code : List.of("XXX", "XTS", "XAU", "XAG", "XDR")) {
            assertFalse(JsonRequest.isCurrency(code), code);
            JsonRequest body = JsonRequest.of(request("{\"currency\":\"" + code + "\"}", null), json);
            assertEquals(null, body.currency("currency"));
            String message = assertThrows(ProblemException.class, body::check).errors().get(0).message();
            assertTrue(message.contains("not " + code) && message.contains("minor units"), message);
        }
        for (String code : List.of("EUR", "USD", "JPY", "CLF", "XOF")) {
            assertTrue(JsonRequest.isCurrency(code), code);
        }
    }

    @Test
    void idempotencyKeysAreVisibleAsciiUsedAsSent() {
        assertEquals(null, JsonRequest.idempotencyKey(withKey(null)));
        assertEquals("k-1_~!{}", JsonRequest.idempotencyKey(withKey("k-1_~!{}")));
        assertEquals("x".repeat(200), JsonRequest.idempotencyKey(withKey("x".repeat(200))));
        for (String bad : List.of("", "a b", "x".repeat(201), "ключ", "k\t1", "k\u007F")) {
            ProblemException p = assertThrows(ProblemException.class, () -> JsonRequest.idempotencyKey(withKey(bad)),
                    bad);
            assertEquals(400, p.status());
            assertEquals(JsonRequest.IDEMPOTENCY_KEY, p.errors().get(0).field());
        }
    }

    private static HttpServletRequest withKey(String key) {
        return FakeRequest.of("application/json", new byte[0],
                key == null ? Map.of() : Map.of(JsonRequest.IDEMPOTENCY_KEY, key));
    }

    private static HttpServletRequest request(String body, Map<String, String> params) {
        return FakeRequest.of("application/json", body.getBytes(StandardCharsets.UTF_8), Map.of(),
                "/api/user/users/42", params);
    }
}
