package dev.keel.payment.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.http.FieldError;
import dev.keel.api.http.ProblemException;
import jakarta.servlet.http.HttpServletRequest;

/** Reads and checks JSON request bodies; collects every field error before answering 400. */
final class Requests {

    private final List<FieldError> errors = new ArrayList<>();
    private final JsonNode body;

    private Requests(JsonNode body) {
        this.body = body;
    }

    /** The request's JSON object; malformed JSON or another JSON type is a 400 naming {@code body}. */
    static Requests of(HttpServletRequest req, ObjectMapper json) throws IOException {
        JsonNode node;
        try {
            node = json.readTree(req.getInputStream());
        } catch (JsonProcessingException e) {
            throw invalid(List.of(new FieldError("body", "malformed JSON: " + e.getOriginalMessage())));
        }
        if (node == null || !node.isObject()) {
            throw invalid(List.of(new FieldError("body", "must be a JSON object")));
        }
        return new Requests(node);
    }

    /** A required string of 1 to {@code max} characters after trimming; null when invalid. */
    String text(String field, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        if (!v.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        String s = v.asText().trim();
        if (s.isEmpty() || s.length() > max) {
            errors.add(new FieldError(field, "must be 1 to " + max + " characters"));
            return null;
        }
        return s;
    }

    /** A required whole number of minor units greater than zero; 0 when invalid. */
    long amount(String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            errors.add(new FieldError(field, "must be a whole number of minor units (e.g. 2500 for 25.00)"));
            return 0;
        }
        if (v.asLong() <= 0) {
            errors.add(new FieldError(field, "must be greater than 0"));
            return 0;
        }
        return v.asLong();
    }

    /** An optional amount: absent gives {@code absent}. */
    long amountOr(String field, long absent) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? absent : amount(field);
    }

    /** A required ISO 4217 currency code; null when invalid. */
    String currency(String field) {
        String code = text(field, 3);
        if (code != null && !Money.isCurrency(code)) {
            errors.add(new FieldError(field, "must be an ISO 4217 currency code such as EUR, not " + code));
            return null;
        }
        return code;
    }

    void reject(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** Throws the collected field errors as one 400 problem, if there are any. */
    void check() {
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
    }

    static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(400, "Invalid request", errors.size() == 1
                ? errors.get(0).field() + " " + errors.get(0).message()
                : errors.size() + " fields are invalid", errors);
    }

    /**
     * The path below a route, e.g. {@code /42} for {@code /api/user/users/42}
     * and route {@code /users}; empty for the route itself.
     */
    static String below(HttpServletRequest req, String route) {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        int at = path.indexOf(route + "/");
        if (at >= 0) {
            return path.substring(at + route.length());
        }
        return "";
    }
}
