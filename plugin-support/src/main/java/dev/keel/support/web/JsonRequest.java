package dev.keel.support.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.http.FieldError;
import dev.keel.api.http.ProblemException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A JSON object request body and the field errors found in it: every getter
 * records what is wrong under the field's name and returns a neutral value,
 * and {@link #check()} answers all of them at once as one 400 problem.
 */
public final class JsonRequest {

    /** The request header that makes a POST safe to retry: {@value}. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** The longest idempotency key accepted. */
    public static final int MAX_KEY_LENGTH = 200;

    private final List<FieldError> errors = new ArrayList<>();
    private final JsonNode body;

    private JsonRequest(JsonNode body) {
        this.body = body;
    }

    /** The request's JSON object; malformed JSON or another JSON type is a 400 naming {@code body}. */
    public static JsonRequest of(HttpServletRequest req, ObjectMapper json) throws IOException {
        JsonNode node;
        try {
            node = json.readTree(req.getInputStream());
        } catch (JsonProcessingException e) {
            throw invalid(List.of(new FieldError("body", "malformed JSON: " + e.getOriginalMessage())));
        }
        if (node == null || !node.isObject()) {
            throw invalid(List.of(new FieldError("body", "must be a JSON object")));
        }
        return new JsonRequest(node);
    }

    /** @return the body */
    public JsonNode body() {
        return body;
    }

    /** A required string of the body of 1 to {@code max} characters after trimming; null when invalid. */
    public String text(String field, int max) {
        return text(body, field, field, max);
    }

    /** A required string {@code key} of {@code node}, reported as {@code field}; null when invalid. */
    public String text(JsonNode node, String key, String field, int max) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            errors.add(new FieldError(field, "is required"));
        } else if (!v.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
        } else if (v.asText().isBlank() || v.asText().trim().length() > max) {
            errors.add(new FieldError(field, "must be 1 to " + max + " characters"));
        } else {
            return v.asText().trim();
        }
        return null;
    }

    /** A required whole number {@code key} of {@code node} from min to max, reported as {@code field}; 0 when invalid. */
    public long whole(JsonNode node, String key, String field, long min, long max) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            errors.add(new FieldError(field, "is required"));
        } else if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            errors.add(new FieldError(field, "must be a whole number"));
        } else if (v.asLong() < min || v.asLong() > max) {
            errors.add(new FieldError(field, min == 1 ? "must be from 1 to " + max
                    : min == 0 ? "must not be negative" : "must be from " + min + " to " + max));
        } else {
            return v.asLong();
        }
        return 0;
    }

    /** A required amount of minor units of the body, greater than zero; 0 when invalid. */
    public long amount(String field) {
        JsonNode v = body.get(field);
        if (v != null && !v.isNull() && (!v.isIntegralNumber() || !v.canConvertToLong())) {
            errors.add(new FieldError(field, "must be a whole number of minor units (e.g. 2500 for 25.00)"));
            return 0;
        }
        if (v != null && v.isIntegralNumber() && v.asLong() <= 0) {
            errors.add(new FieldError(field, "must be greater than 0"));
            return 0;
        }
        return whole(body, field, field, 1, Long.MAX_VALUE);
    }

    /** An optional amount: absent gives {@code absent}. */
    public long amountOr(String field, long absent) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? absent : amount(field);
    }

    /** A required ISO 4217 currency code of the body; null when invalid. */
    public String currency(String field) {
        String code = text(field, 3);
        if (code != null && !isCurrency(code)) {
            errors.add(new FieldError(field, "must be an ISO 4217 currency code such as EUR, not " + code));
            return null;
        }
        return code;
    }

    /** Records an error of a field checked by the caller. */
    public void reject(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** @return whether no error was found so far */
    public boolean ok() {
        return errors.isEmpty();
    }

    /** Throws the collected field errors as one 400 problem, if there are any. */
    public void check() {
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
    }

    /** A 400 problem listing the field errors. */
    public static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(400, "Invalid request", errors.size() == 1
                ? errors.get(0).field() + " " + errors.get(0).message()
                : errors.size() + " fields are invalid", errors);
    }

    /** Whether {@code code} is a known ISO 4217 currency code (three upper-case letters). */
    public static boolean isCurrency(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The {@value #IDEMPOTENCY_KEY} header as sent, or {@code null} when
     * there is none. A key is 1 to {@value #MAX_KEY_LENGTH} visible ASCII
     * characters ({@code !} to {@code ~}: no spaces, no control or non-ASCII
     * characters); anything else is a 400 naming the header, never trimmed or
     * changed into a key the caller did not send.
     */
    public static String idempotencyKey(HttpServletRequest req) {
        String key = req.getHeader(IDEMPOTENCY_KEY);
        if (key == null) {
            return null;
        }
        boolean visible = !key.isEmpty() && key.length() <= MAX_KEY_LENGTH;
        for (int i = 0; visible && i < key.length(); i++) {
            visible = key.charAt(i) > ' ' && key.charAt(i) <= '~';
        }
        if (!visible) {
            throw invalid(List.of(new FieldError(IDEMPOTENCY_KEY, "header must be 1 to " + MAX_KEY_LENGTH
                    + " visible ASCII characters (! to ~, no spaces)")));
        }
        return key;
    }

    /** A whole number query parameter within bounds, or the default when absent; else a 400 naming it. */
    public static int intParam(HttpServletRequest req, String name, int def, int min, int max) {
        String raw = req.getParameter(name);
        if (raw == null || raw.isBlank()) {
            return def;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(List.of(new FieldError(name, "must be a whole number from " + min + " to " + max)));
    }

    /**
     * The path below a route, e.g. {@code /42} for {@code /api/user/users/42}
     * and route {@code /users}; empty for the route itself.
     */
    public static String below(HttpServletRequest req, String route) {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        int at = path.indexOf(route + "/");
        return at >= 0 ? path.substring(at + route.length()) : "";
    }
}
