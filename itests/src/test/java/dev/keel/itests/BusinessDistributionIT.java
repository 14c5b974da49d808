package dev.keel.itests;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.keel.itests.KeelProcess.Result;

/**
 * The README's curl walk-through on the assembled distribution run as a
 * process: a user, an order paid through the payment plugin, the user's
 * totals from the order events; then a full stop and start of the process
 * keeps every record.
 */
public class BusinessDistributionIT {

    @Test
    public void theWalkThroughWorksAndARestartKeepsTheData() throws Exception {
        try (KeelProcess keel = KeelProcess.copyOfDistribution()) {
            Result start = keel.command("start");
            assertEquals(start.toString(), 0, start.exit());
            Api api = keel.api();

            Api.Reply user = api.post("/api/user/users", Map.of("name", "Ada", "email", "ada@example.com"));
            assertEquals(user.toString(), 201, user.status());
            String userId = user.json().get("id").asText();
            Api.Reply order = api.post("/api/order/orders", Map.of("userId", userId, "currency", "EUR",
                    "items", List.of(Map.of("sku", "A-1", "quantity", 2, "unitPrice", 1250))));
            assertEquals(order.toString(), 201, order.status());
            assertEquals("PAID", order.json().get("status").asText());
            String orderId = order.json().get("id").asText();
            String paymentId = order.json().get("paymentId").asText();
            Await.until("the user's totals show the order", () -> paidOnce(api.get("/api/user/users/" + userId).json()),
                    () -> api.get("/api/user/users/" + userId));

            Result stop = keel.command("stop");
            assertEquals(stop.toString(), 0, stop.exit());
            start = keel.command("start");
            assertEquals(start.toString(), 0, start.exit());

            JsonNode again = api.get("/api/user/users/" + userId).json();
            assertEquals(again.toString(), "Ada", again.get("name").asText());
            assertEquals("totals survive a restart", true, paidOnce(again));
            assertEquals("PAID", api.get("/api/order/orders/" + orderId).json().get("status").asText());
            assertEquals(2500, api.get("/api/payment/payments/" + paymentId).json().get("amount").asLong());
            assertEquals("the e-mail is still taken", 409,
                    api.post("/api/user/users", Map.of("name", "Ada", "email", "ada@example.com")).status());

            stop = keel.command("stop");
            assertEquals(stop.toString(), 0, stop.exit());
        }
    }

    private static boolean paidOnce(JsonNode user) {
        return user.get("orderCount").asLong() == 1 && user.get("totals").path("EUR").asLong() == 2500;
    }
}
