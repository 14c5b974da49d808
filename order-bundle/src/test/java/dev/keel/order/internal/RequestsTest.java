package dev.keel.order.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.http.FieldError;
import dev.keel.api.http.ProblemException;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;

class RequestsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aGoodOrderIsRead() throws Exception {
        Requests.PlaceOrder o = Requests.placeOrder(request(
                "{\"userId\":\"u1\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"A-1\",\"quantity\":2,\"unitPrice\":1250}]}"),
                json);
        assertEquals("u1", o.userId());
        assertEquals("EUR", o.currency());
        assertEquals(2500, o.items().get(0).lineTotal());
    }

    @Test
    void everyBadFieldIsNamed() {
        ProblemException p = assertThrows(ProblemException.class, () -> Requests.placeOrder(request(
                "{\"currency\":\"eur\",\"items\":[{\"sku\":\"\",\"quantity\":0,\"unitPrice\":-1}, 7]}"), json));
        assertEquals(400, p.status());
        assertEquals(List.of("userId", "currency", "items[0].sku", "items[0].quantity", "items[0].unitPrice",
                "items[1]"), p.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void malformedJsonNamesTheBody() {
        ProblemException p = assertThrows(ProblemException.class, () -> Requests.placeOrder(request("{\"userId\":"),
                json));
        assertEquals("body", p.errors().get(0).field());
    }

    @Test
    void aTotalOfZeroOrOneThatOverflowsIsRejected() {
        ProblemException zero = assertThrows(ProblemException.class, () -> Requests.placeOrder(request(
                "{\"userId\":\"u\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":0}]}"),
                json));
        assertEquals("items", zero.errors().get(0).field());
        ProblemException huge = assertThrows(ProblemException.class, () -> Requests.placeOrder(request(
                "{\"userId\":\"u\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"A\",\"quantity\":1000000,\"unitPrice\":"
                        + Long.MAX_VALUE + "}]}"), json));
        assertEquals(422, huge.status()); // a total beyond what can be stored (issue 13.6); was 400 before
        assertEquals("items", huge.errors().get(0).field());
    }



    private static HttpServletRequest request(String body) {
        return fake(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), "/api/order/orders");
    }

    private static HttpServletRequest fake(InputStream body, String uri) {
        ServletInputStream in = new ServletInputStream() {
            @Override
            public int read() throws java.io.IOException {
                return body.read();
            }

            @Override
            public boolean isFinished() {
                return false;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(RequestsTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getInputStream" -> in;
                    case "getContentType" -> "application/json";
                    case "getRequestURI" -> uri;
                    case "getContextPath" -> "";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
