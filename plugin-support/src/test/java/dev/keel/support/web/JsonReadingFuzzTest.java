package dev.keel.support.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.http.ProblemException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based fuzzing of how every business route reads its body: whatever
 * bytes arrive, under whatever Content-Type, reading them and their fields
 * either gives values or a problem the client caused (400, 415, 422) — never
 * another exception, which the HTTP entry would answer with a 500. Tries:
 * {@code jqwik.tries.default} in {@code junit-platform.properties}, more on
 * demand with {@code -Djqwik.tries.default=N}.
 */
class JsonReadingFuzzTest {

    private static final Set<Integer> CLIENT_FAULTS = Set.of(400, 415, 422);
    private final ObjectMapper json = new ObjectMapper();

    @Property
    void anyBytesUnderAnyContentTypeGiveAValueOrAClientFault(@ForAll("bodies") byte[] body,
            @ForAll("contentTypes") String contentType) throws Exception {
        readFieldsOf(FakeRequest.of(contentType, body));
    }

    @Property
    void jsonLikeTextGivesValuesOrAClientFault(@ForAll("jsonLike") String body) throws Exception {
        readFieldsOf(FakeRequest.of("application/json", body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Reads a body the way the business servlets do: the object, then text, whole, amount and currency fields. */
    private void readFieldsOf(jakarta.servlet.http.HttpServletRequest request) throws Exception {
        try {
            JsonRequest r = JsonRequest.of(request, json);
            r.text("name", 200);
            r.text("email", 320);
            r.whole(r.body(), "quantity", "quantity", 1, 1000);
            r.whole(r.body(), "price", "price", 0, Long.MAX_VALUE);
            r.amount("amount");
            r.amountOr("fee", 0);
            r.currency("currency");
            if (r.body().get("items") != null && r.body().get("items").isArray()) {
                for (var item : r.body().get("items")) {
                    if (item.isObject()) {
                        r.text(item, "sku", "items[].sku", 64);
                        r.whole(item, "quantity", "items[].quantity", 1, 1000);
                    }
                }
            }
            r.check();
        } catch (ProblemException p) {
            assertTrue(CLIENT_FAULTS.contains(p.status()), () -> "status " + p.status() + ": " + p.getMessage());
        }
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(512);
        Arbitrary<byte[]> mutated = Combinators.combine(jsonLike(), Arbitraries.integers().between(0, 64),
                Arbitraries.bytes()).as((text, at, b) -> {
                    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                    if (bytes.length > 0) {
                        bytes[at % bytes.length] = b;
                    }
                    return bytes;
                });
        return Arbitraries.oneOf(random, mutated);
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.oneOf(Arbitraries.of("application/json", "application/json; charset=utf-8",
                "application/json;charset=\"UTF-8\"", "application/problem+json", "application/json; charset=latin1",
                "text/plain", "application/json;;", ";", "", "application/json; charset"),
                Arbitraries.strings().ofMaxLength(40)).injectNull(0.05);
    }

    /** Text built from JSON's own pieces, so that much of it gets past the parser to the field readers. */
    @Provide
    Arbitrary<String> jsonLike() {
        Arbitrary<String> keys = Arbitraries.of("name", "email", "quantity", "price", "amount", "fee", "currency",
                "items", "sku", "x");
        Arbitrary<String> scalars = Arbitraries.oneOf(
                Arbitraries.of("null", "true", "false", "0", "-0", "1e400", "-1e400", "1.5", "9223372036854775807",
                        "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890", "NaN",
                        "\"\"", "\" \"", "\"EUR\"", "\"eur\"", "\"XXX\"", "\"\\u0000\"", "\"\\u202e\"", "\"\\ud800\""),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.strings().ofMaxLength(30).map(s -> '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"'));
        Arbitrary<String> members = Combinators.combine(keys, scalars).as((k, v) -> '"' + k + "\":" + v);
        Arbitrary<String> object = members.list().ofMaxSize(8).map(m -> "{" + String.join(",", m) + "}");
        Arbitrary<String> items = object.list().ofMaxSize(4).map(o -> "{\"items\":[" + String.join(",", o) + "]}");
        Arbitrary<String> junk = Arbitraries.of("", " ", "}", "]", ",", "{", "[", "garbage", "{}", "\u0000");
        return Combinators.combine(Arbitraries.oneOf(object, items, scalars), junk, Arbitraries.of(List.of(true, false)))
                .as((value, tail, withTail) -> withTail ? value + tail : value);
    }
}
