package dev.keel.user.internal;

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

    /** A whole number query parameter within bounds, or the default when absent. */
    static int intParam(HttpServletRequest req, String name, int def, int min, int max) {
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
    static String below(HttpServletRequest req, String route) {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        int at = path.indexOf(route + "/");
        if (at >= 0) {
            return path.substring(at + route.length());
        }
        return "";
    }
}
