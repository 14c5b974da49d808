package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.keel.test.Keel;
import dev.keel.test.WithKeel;

/**
 * An integration test: this plugin's jar in a real Keel (the distribution's
 * bundles, embedded H2, free ports), started once for the class by the
 * harness and stopped after it. {@code etc/${package}.cfg} is written first.
 */
@WithKeel(config = "${package}: title=Stock")
class ItemsIT {

    @Test
    void storesAnItemAndListsIt(Keel keel) {
        HttpResponse<String> created = keel.post("/api/${pluginName}/items", "{\"name\":\"bolt\",\"quantity\":7}",
                "operator");
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.body().contains("\"name\":\"bolt\""), created.body());

        String id = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");

        HttpResponse<String> list = keel.get("/api/${pluginName}/items", "viewer");
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().contains("\"title\":\"Stock\""), list.body());
        assertTrue(list.body().matches(".*\"summary\":\"\\d+ items?\".*"), list.body());
        assertTrue(list.body().contains("\"id\":\"" + id + "\""), list.body());
        assertEquals(200, keel.get("/api/${pluginName}/items/" + id, "viewer").statusCode());
    }

    @Test
    void storesAnItemOfARegisteredUser(Keel keel) {
        // a real customer of the user plugin: the owner check through its contract (UserService) finds them
        String owner = keel.registerUser("Ada");
        HttpResponse<String> created = keel.post("/api/${pluginName}/items",
                "{\"name\":\"washer\",\"quantity\":2,\"owner\":\"" + owner + "\"}", "operator");
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.body().contains("\"owner\":\"" + owner + "\""), created.body());
    }

    @Test
    void refusesAnInvalidItemAndAnUnknownOwner(Keel keel) {
        HttpResponse<String> invalid = keel.post("/api/${pluginName}/items", "{\"name\":\"\",\"quantity\":-1}",
                "operator");
        assertEquals(400, invalid.statusCode(), invalid.body());
        assertTrue(invalid.body().contains("quantity"), invalid.body());

        // the owner is checked through the user plugin's contract
        HttpResponse<String> unknown = keel.post("/api/${pluginName}/items",
                "{\"name\":\"nut\",\"quantity\":1,\"owner\":\"no-such-user\"}", "operator");
        assertEquals(422, unknown.statusCode(), unknown.body());
    }

    @Test
    void answersOnlyWithAToken(Keel keel) {
        assertEquals(401, keel.get("/api/${pluginName}/items", null).statusCode());
    }
}
