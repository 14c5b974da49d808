package dev.keel.order.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.order.OrderItem;
import dev.keel.support.web.JsonRequest;
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
        JsonRequest body = JsonRequest.of(req, json);
        String userId = body.text("userId", 64);
        String currency = body.currency("currency");
        List<OrderItem> items = items(body);
        if (body.ok()) {
            long total = 0;
            try {
                for (OrderItem item : items) {
                    total = Math.addExact(total, item.lineTotal());
                }
                if (total <= 0) {
                    body.reject("items", "the total must be greater than 0");
                }
            } catch (ArithmeticException e) {
                body.unstorable("items", "the total is more than " + Long.MAX_VALUE
                        + " minor units, the largest amount that can be stored");
            }
        }
        body.check();
        return new PlaceOrder(userId, currency, items);
    }

    private static List<OrderItem> items(JsonRequest body) {
        JsonNode v = body.body().get("items");
        if (v == null || v.isNull()) {
            body.reject("items", "is required");
            return List.of();
        }
        if (!v.isArray() || v.isEmpty() || v.size() > MAX_ITEMS) {
            body.reject("items", "must be a list of 1 to " + MAX_ITEMS + " items");
            return List.of();
        }
        List<OrderItem> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            String at = "items[" + i + "]";
            JsonNode item = v.get(i);
            if (!item.isObject()) {
                body.reject(at, "must be an object with sku, quantity and unitPrice");
                continue;
            }
            String sku = body.text(item, "sku", at + ".sku", 64);
            long quantity = body.whole(item, "quantity", at + ".quantity", 1, MAX_QUANTITY);
            long unitPrice = body.whole(item, "unitPrice", at + ".unitPrice", 0, Long.MAX_VALUE);
            if (sku != null && quantity > 0) { // a bad unitPrice is 0 here and fails check() below
                out.add(new OrderItem(sku, (int) quantity, unitPrice));
            }
        }
        return out;
    }
}
