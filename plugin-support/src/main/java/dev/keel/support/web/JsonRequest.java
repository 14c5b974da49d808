package dev.keel.support.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.http.FieldError;
import dev.keel.api.http.ProblemException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A JSON object request body and the field errors found in it: every getter
 * records what is wrong under the field's name and returns a neutral value,
 * and {@link #check()} answers all of them at once as one problem — 400, or
 * 422 when every error is a value beyond what can be stored (an amount over
 * 2^63-1 minor units, a total that overflows).
 */
public final class JsonRequest {

    /** The request header that makes a POST safe to retry: {@value}. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** The longest idempotency key accepted. */
    public static final int MAX_KEY_LENGTH = 200;

    private final List<FieldError> errors = new ArrayList<>();
    private final List<FieldError> unstorable = new ArrayList<>();
    private final JsonNode body;

    private JsonRequest(JsonNode body) {
        this.body = body;
    }

    /**
     * The request's JSON object, read strictly by {@link JsonBody#read}: 415
     * for another content type, 400 naming {@code body} for bytes that are not
     * UTF-8, malformed JSON, duplicate keys, trailing content or another JSON type.
     */
    public static JsonRequest of(HttpServletRequest req, ObjectMapper json) throws IOException {
        JsonNode node = JsonBody.read(req, json);
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

    /**
     * A required string {@code key} of {@code node}, reported as {@code field}:
     * 1 to {@code max} characters once spaces at either end are trimmed, and
     * none that {@link Text} forbids; null when invalid.
     */
    public String text(JsonNode node, String key, String field, int max) {
        JsonNode v = node.get(key);
        String forbidden = v != null && v.isTextual() ? Text.forbidden(v.asText()) : null;
        if (v == null || v.isNull()) {
            errors.add(new FieldError(field, "is required"));
        } else if (!v.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
        } else if (forbidden != null) {
            errors.add(new FieldError(field, forbidden));
        } else if (v.asText().isBlank() || v.asText().trim().length() > max) {
            errors.add(new FieldError(field, "must be 1 to " + max + " characters"));
        } else {
            return v.asText().trim();
        }
        return null;
    }

    /**
     * A required whole number {@code key} of {@code node} from min to max,
     * reported as {@code field}; 0 when invalid. A number beyond what a 64-bit
     * column holds is unstorable (422) when {@code max} is that limit.
     */
    public long whole(JsonNode node, String key, String field, long min, long max) {
        JsonNode v = node.get(key);
        String bounds = min == 1 ? "must be from 1 to " + max
                : min == 0 ? "must not be negative" : "must be from " + min + " to " + max;
        if (v == null || v.isNull()) {
            errors.add(new FieldError(field, "is required"));
        } else if (!v.isIntegralNumber()) {
            errors.add(new FieldError(field, "must be a whole number"));
        } else if (!v.canConvertToLong()) {
            if (v.bigIntegerValue().signum() > 0 && max == Long.MAX_VALUE) {
                unstorable(field, "must be at most " + Long.MAX_VALUE + ", the largest value that can be stored");
            } else {
                errors.add(new FieldError(field, bounds));
            }
        } else if (v.asLong() < min || v.asLong() > max) {
            errors.add(new FieldError(field, bounds));
        } else {
            return v.asLong();
        }
        return 0;
    }

    /** A required amount of minor units of the body, greater than zero; 0 when invalid. */
    public long amount(String field) {
        JsonNode v = body.get(field);
        if (v != null && !v.isNull() && !v.isIntegralNumber()) {
            errors.add(new FieldError(field, "must be a whole number of minor units (e.g. 2500 for 25.00)"));
            return 0;
        }
        if (v != null && v.isIntegralNumber() && v.bigIntegerValue().signum() <= 0) {
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

    /** A required ISO 4217 currency code of the body (see {@link #isCurrency}); null when invalid. */
    public String currency(String field) {
        String code = text(field, 3);
        if (code != null && !isCurrency(code)) {
            errors.add(new FieldError(field, "must be an ISO 4217 currency code such as EUR, not " + code
                    + (isCode(code) ? " (a code without minor units: metals, units of account, test and"
                            + " no-currency codes such as XXX are not money)" : "")));
            return null;
        }
        return code;
    }

    /** Records an error of a field checked by the caller. */
    public void reject(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** Records a value of a field checked by the caller that is beyond what can be stored (422). */
    public void unstorable(String field, String message) {
        unstorable.add(new FieldError(field, message));
    }

    /** @return whether no error was found so far */
    public boolean ok() {
        return errors.isEmpty() && unstorable.isEmpty();
    }

    /**
     * Throws the collected field errors as one problem, if there are any: 422
     * when all of them are values beyond what can be stored, else 400.
     */
    public void check() {
        if (!errors.isEmpty()) {
            List<FieldError> all = new ArrayList<>(errors);
            all.addAll(unstorable);
            throw invalid(all);
        }
        if (!unstorable.isEmpty()) {
            throw problem(422, "Value out of range", unstorable);
        }
    }

    /** A 400 problem listing the field errors. */
    public static ProblemException invalid(List<FieldError> errors) {
        return problem(400, "Invalid request", errors);
    }

    private static ProblemException problem(int status, String title, List<FieldError> errors) {
        return new ProblemException(status, title, errors.size() == 1
                ? errors.get(0).field() + " " + errors.get(0).message()
                : errors.size() + " fields are invalid", List.copyOf(errors));
    }

    /**
     * Whether {@code code} is money in ISO 4217: three upper-case letters that
     * {@link Currency} knows, with a minor unit. Codes without one — XXX (no
     * currency), XTS (testing), the metals XAU, XAG, XPD, XPT and units of
     * account such as XDR — are not.
     */
    public static boolean isCurrency(String code) {
        return isCode(code) && Currency.getInstance(code).getDefaultFractionDigits() >= 0;
    }

    private static boolean isCode(String code) {
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
