package dev.keel.support.web;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.http.FieldError;
import dev.keel.api.http.ProblemException;

class JsonBodyTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void oneObjectFollowedByWhiteSpaceIsRead() throws Exception {
        assertEquals(7, JsonBody.read(FakeRequest.json("{\"a\":7}  \r\n\t"), json).get("a").asInt());
        assertEquals(null, JsonBody.read(FakeRequest.json(""), json));
    }

    @Test
    void trailingContentIsRefusedNamingIt() {
        for (String bad : List.of("{\"a\":1} garbage", "{\"a\":1}{\"b\":2}", "{\"a\":1},", "{\"a\":1}]", "1 2")) {
            assertBody(bad, "has content after the JSON value");
        }
    }

    @Test
    void aKeyGivenTwiceIsRefusedNamingTheKey() {
        assertBody("{\"amount\":999999,\"amount\":500}", "has a key given twice in one object: 'amount'");
        assertBody("{\"items\":[{\"sku\":\"A\",\"sku\":\"B\"}]}", "has a key given twice in one object: 'sku'");
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedNamingWhere() {
        byte[] prefix = "{\"name\":\"".getBytes(StandardCharsets.US_ASCII);
        for (byte[] bad : List.of(new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82})) {
            byte[] body = new byte[prefix.length + bad.length + 2];
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            System.arraycopy(bad, 0, body, prefix.length, bad.length);
            body[body.length - 2] = '"';
            body[body.length - 1] = '}';
            ProblemException p = assertThrows(ProblemException.class,
                    () -> JsonBody.read(FakeRequest.of("application/json", body), json));
            assertEquals(List.of(new FieldError("body", "is not valid UTF-8 (at byte " + prefix.length + ")")),
                    p.errors());
        }
    }

    @Test
    void malformedJsonSaysWhere() {
        ProblemException p = assertThrows(ProblemException.class,
                () -> JsonBody.read(FakeRequest.json("{\"a\" 1}"), json));
        assertEquals(400, p.status());
        String message = p.errors().get(0).message();
        assertTrue(message.startsWith("is malformed JSON: ") && message.contains("(line 1, column "), message);
    }

    @Test
    void onlyJsonInUtf8IsAccepted() {
        for (String good : List.of("application/json", "application/json; charset=UTF-8", "APPLICATION/JSON;charset=utf-8",
                "application/merge-patch+json", "application/json; charset=\"utf-8\"")) {
            assertDoesNotThrow(() -> JsonBody.checkContentType(good), good);
        }
        for (String bad : new String[] {null, "", "text/plain", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json; charset=ISO-8859-1", "application/jsonp",
                "text/json", ";", ";;", " ; charset=utf-8"}) {
            ProblemException p = assertThrows(ProblemException.class, () -> JsonBody.checkContentType(bad),
                    String.valueOf(bad));
            assertEquals(415, p.status());
            assertEquals("Content-Type", p.errors().get(0).field());
        }
    }

    private void assertBody(String body, String message) {
        ProblemException p = assertThrows(ProblemException.class, () -> JsonBody.read(FakeRequest.json(body), json),
                body);
        assertEquals(400, p.status(), body);
        assertEquals("body", p.errors().get(0).field(), body);
        assertTrue(p.errors().get(0).message().startsWith(message), p.errors().get(0).message());
    }
}
