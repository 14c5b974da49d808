package dev.keel.order.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.http.FieldError;
import dev.keel.api.http.ProblemException;
import dev.keel.api.order.OrderItem;
import jakarta.servlet.http.HttpServletRequest;

/** Reads and checks an order request; every field error is collected before answering 400. */
final class Requests {

    static final int MAX_ITEMS = 100;
    static final int MAX_QUANTITY = 1_000_000;

    /** A checked order request. */
    record PlaceOrder(String userId, String currency, List<OrderItem> items) {
    }

    private Requests() {
    }

    static PlaceOrder placeOrder(HttpServletRequest req, ObjectMapper json) throws IOException {
        JsonNode body;
        try {
            body = json.readTree(req.getInputStream());
        } catch (JsonProcessingException e) {
            throw invalid(List.of(new FieldError("body", "malformed JSON: " + e.getOriginalMessage())));
        }
        if (body == null || !body.isObject()) {
            throw invalid(List.of(new FieldError("body", "must be a JSON object")));
        }
        List<FieldError> errors = new ArrayList<>();
        String userId = string(body, "userId", 64, errors);
        String currency = string(body, "currency", 3, errors);
        if (currency != null && !isCurrency(currency)) {
            errors.add(new FieldError("currency", "must be an ISO 4217 currency code such as EUR, not " + currency));
        }
        List<OrderItem> items = items(body.get("items"), errors);
        if (errors.isEmpty()) {
            long total = 0;
            try {
                for (OrderItem item : items) {
                    total = Math.addExact(total, item.lineTotal());
                }
            } catch (ArithmeticException e) {
                errors.add(new FieldError("items", "the total is too large"));
            }
            if (errors.isEmpty() && total <= 0) {
                errors.add(new FieldError("items", "the total must be greater than 0"));
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return new PlaceOrder(userId, currency, items);
    }

    private static List<OrderItem> items(JsonNode v, List<FieldError> errors) {
        if (v == null || v.isNull()) {
            errors.add(new FieldError("items", "is required"));
            return List.of();
        }
        if (!v.isArray() || v.isEmpty() || v.size() > MAX_ITEMS) {
            errors.add(new FieldError("items", "must be a list of 1 to " + MAX_ITEMS + " items"));
            return List.of();
        }
        List<OrderItem> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            String at = "items[" + i + "]";
            JsonNode item = v.get(i);
            if (!item.isObject()) {
                errors.add(new FieldError(at, "must be an object with sku, quantity and unitPrice"));
                continue;
            }
            int before = errors.size();
            String sku = string(item, "sku", 64, errors, at + ".sku");
            long quantity = whole(item, at + ".quantity", item.get("quantity"), 1, MAX_QUANTITY, errors);
            long unitPrice = whole(item, at + ".unitPrice", item.get("unitPrice"), 0, Long.MAX_VALUE, errors);
            if (errors.size() == before) {
                out.add(new OrderItem(sku, (int) quantity, unitPrice));
            }
        }
        return out;
    }

    private static long whole(JsonNode parent, String field, JsonNode v, long min, long max, List<FieldError> errors) {
        if (v == null || v.isNull()) {
            errors.add(new FieldError(field, "is required"));
        } else if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            errors.add(new FieldError(field, "must be a whole number"));
        } else if (v.asLong() < min || v.asLong() > max) {
            errors.add(new FieldError(field, min == 1 ? "must be from 1 to " + max : "must not be negative"));
        } else {
            return v.asLong();
        }
        return 0;
    }

    private static String string(JsonNode body, String field, int max, List<FieldError> errors) {
        return string(body, field, max, errors, field);
    }

    private static String string(JsonNode body, String key, int max, List<FieldError> errors, String field) {
        JsonNode v = body.get(key);
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

    static boolean isCurrency(String code) {
        if (!code.matches("[A-Z]{3}")) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(400, "Invalid request", errors.size() == 1
                ? errors.get(0).field() + " " + errors.get(0).message()
                : errors.size() + " fields are invalid", errors);
    }

    /** The path below a route, e.g. {@code /42} for {@code /api/order/orders/42}; empty for the route itself. */
    static String below(HttpServletRequest req, String route) {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        int at = path.indexOf(route + "/");
        return at >= 0 ? path.substring(at + route.length()) : "";
    }
}
