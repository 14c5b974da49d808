package dev.keel.itests;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.keel.itests.KeelProcess.Result;

/**
 * The README's curl walk-through on the assembled distribution run as a
 * process: a customer registers with a password and logs in, orders, the
 * payment plugin charges, the user's totals follow from the order events;
 * then a full stop and start of the process keeps every record, the
 * customer's password and their token.
 */
public class BusinessDistributionIT {

    @Test
    public void theWalkThroughWorksAndARestartKeepsTheData() throws Exception {
        try (KeelProcess keel = KeelProcess.copyOfDistribution()) {
            Result start = keel.command("start");
            assertEquals(start.toString(), 0, start.exit());
            Api api = keel.api();

            Customers.Customer ada = Customers.register(api, "Ada", "ada@example.com");
            String userId = ada.id();
            Api.Reply order = ada.api().post("/api/order/orders", Map.of("userId", userId, "currency", "EUR",
                    "items", List.of(Map.of("sku", "A-1", "quantity", 2, "unitPrice", 1250))));
            assertEquals(order.toString(), 201, order.status());
            assertEquals("PAID", order.json().get("status").asText());
            String orderId = order.json().get("id").asText();
            String paymentId = order.json().get("paymentId").asText();
            Await.until("the user's totals show the order", () -> paidOnce(ada.api().get("/api/user/users/" + userId)
                    .json()), () -> ada.api().get("/api/user/users/" + userId));

            Result stop = keel.command("stop");
            assertEquals(stop.toString(), 0, stop.exit());
            start = keel.command("start");
            assertEquals(start.toString(), 0, start.exit());

            Api customer = api.withToken(Customers.login(api, "ada@example.com", Customers.PASSWORD));
            JsonNode again = customer.get("/api/user/users/" + userId).json();
            assertEquals(again.toString(), "Ada", again.get("name").asText());
            assertEquals("totals survive a restart", true, paidOnce(again));
            assertEquals("PAID", customer.get("/api/order/orders/" + orderId).json().get("status").asText());
            assertEquals(2500, customer.get("/api/payment/payments/" + paymentId).json().get("amount").asLong());
            assertEquals("the token of before the restart is still good", 200,
                    ada.api().get("/api/user/users/" + userId).status());
            // the e-mail is still taken: registering it again is answered like a new registration (no 409, which
            // told anyone whether an address is known) and changes nothing: only Ada's own password logs in
            assertEquals(201, api.anonymous().post("/api/user/users", Map.of("name", "Ada", "email", "ada@example.com",
                    "password", "another password")).status());
            assertEquals(401, Customers.session(api, "ada@example.com", "another password").status());
            assertEquals(200, Customers.session(api, "ada@example.com", Customers.PASSWORD).status());

            stop = keel.command("stop");
            assertEquals(stop.toString(), 0, stop.exit());
        }
    }

    private static boolean paidOnce(JsonNode user) {
        return user.get("orderCount").asLong() == 1 && user.get("totals").path("EUR").asLong() == 2500;
    }
}
