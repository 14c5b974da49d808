package dev.keel.kernel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.http.FieldError;
import dev.keel.api.http.ProblemException;
import jakarta.servlet.ServletException;

class ProblemTest {

    private final ObjectMapper json = new ObjectMapper();

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(Problem p) throws Exception {
        return json.readValue(Problems.render(p), Map.class);
    }

    @Test
    void aStatusProblemHasTheReasonAsTitleAndNoErrors() throws Exception {
        Map<String, Object> body = parse(Problem.of(404, "No plugin named nope", "/api/nope/x", "rid-1"));
        assertEquals(Map.of("type", "about:blank", "title", "Not Found", "status", 404,
                "detail", "No plugin named nope", "instance", "/api/nope/x", "requestId", "rid-1"), body);
        assertEquals(List.of("type", "title", "status", "detail", "instance", "requestId"), List.copyOf(body.keySet()));
    }

    @Test
    void aProblemExceptionKeepsItsTypeTitleDetailAndFieldErrors() throws Exception {
        ProblemException e = new ProblemException(422, "Validation failed", "1 field is invalid",
                "https://keel.dev/problems/validation", List.of(new FieldError("items[0].quantity", "must be > 0")));
        Map<String, Object> body = parse(Problem.of(e, "/api/order/orders", "rid-2"));
        assertEquals("https://keel.dev/problems/validation", body.get("type"));
        assertEquals("Validation failed", body.get("title"));
        assertEquals(422, body.get("status"));
        assertEquals("1 field is invalid", body.get("detail"));
        assertEquals(List.of(Map.of("field", "items[0].quantity", "message", "must be > 0")), body.get("errors"));
    }

    @Test
    void emptyPartsAreLeftOutOrFilledIn() throws Exception {
        Map<String, Object> body = parse(new Problem(null, "", 413, null, null, null, null));
        assertEquals(Map.of("type", "about:blank", "title", "Content Too Large", "status", 413), body);
        assertFalse(body.containsKey("errors"));
    }

    @Test
    void reasonsCoverTheStatusesTheKernelAnswers() {
        assertEquals("Bad Request", Problem.reason(400));
        assertEquals("Method Not Allowed", Problem.reason(405));
        assertEquals("Unsupported Media Type", Problem.reason(415));
        assertEquals("Internal Server Error", Problem.reason(500));
        assertEquals("Service Unavailable", Problem.reason(503));
        assertEquals("Client Error", Problem.reason(499));
        assertEquals("Server Error", Problem.reason(599));
    }

    @Test
    void aWrappedProblemExceptionIsFound() {
        ProblemException e = new ProblemException(409, "Conflict", "changed");
        assertEquals(e, Failures.problemIn(new ServletException(new RuntimeException(e))));
        assertEquals(null, Failures.problemIn(new IllegalStateException("no problem inside")));
    }
}
