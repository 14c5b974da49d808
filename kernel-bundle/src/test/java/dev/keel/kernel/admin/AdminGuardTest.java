package dev.keel.kernel.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.keel.api.security.Caller;
import dev.keel.api.security.Roles;
import dev.keel.kernel.security.FakeHttp;

class AdminGuardTest {

    private final AdminGuard guard = new AdminGuard(FakeHttp.authenticator());

    private static FakeHttp.Request post(String path, String token) {
        FakeHttp.Request r = new FakeHttp.Request();
        r.method = "POST";
        r.servletPath = "/admin";
        r.pathInfo = path;
        r.header("Host", "127.0.0.1:8080");
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return r.body("application/json", "{}");
    }

    private static FakeHttp.Request get(String path, String token) {
        FakeHttp.Request r = post(path, token);
        r.method = "GET";
        r.headers.remove("Content-Type");
        r.body = new byte[0];
        return r;
    }

    private Caller admit(FakeHttp.Request request, FakeHttp.Response response) throws Exception {
        String[] parts = request.pathInfo.replaceAll("^/+|/+$", "").split("/");
        return guard.admit(request.build(), response.build(), parts, Set.of());
    }

    private static JsonNode problem(FakeHttp.Response response, int status) throws Exception {
        assertEquals(status, response.status, response.text());
        assertEquals("application/problem+json", response.contentType);
        JsonNode body = AdminJson.JSON.readTree(response.text());
        assertEquals(status, body.get("status").asInt());
        return body;
    }

    @Test
    void aViewerReadsAnOperatorChangesReleasesAnAdminLoadsCode() throws Exception {
        assertEquals("viewer", admit(get("/releases", Roles.VIEWER), new FakeHttp.Response()).subject());
        assertEquals("operator", admit(post("/releases/payment/canary", Roles.OPERATOR), new FakeHttp.Response())
                .subject());
        assertEquals("operator", admit(post("/config/keel.http", Roles.OPERATOR), new FakeHttp.Response()).subject());
        assertEquals("admin", admit(post("/plugins/payment/update", Roles.ADMIN), new FakeHttp.Response()).subject());
        assertEquals("admin", admit(post("/plugins/install", Roles.ADMIN), new FakeHttp.Response()).subject());
    }

    @Test
    void theCallerIsSetOnTheRequestForTheAuditTrail() throws Exception {
        FakeHttp.Request request = post("/releases/payment/rollback", Roles.OPERATOR);
        admit(request, new FakeHttp.Response());
        assertEquals("operator", ((Caller) request.attributes.get(Caller.ATTRIBUTE)).subject());
    }

    @Test
    void aViewersChangeIsRefused() throws Exception {
        FakeHttp.Response response = new FakeHttp.Response();
        assertNull(admit(post("/releases/payment/promote", Roles.VIEWER), response));
        assertTrue(problem(response, 403).get("detail").asText().contains("operator"));
        FakeHttp.Response config = new FakeHttp.Response();
        assertNull(admit(post("/config/keel.http", Roles.VIEWER), config));
        problem(config, 403);
    }

    @Test
    void anOperatorLoadsNoCode() throws Exception {
        for (String path : new String[] {"/plugins/payment/update", "/plugins/install", "/plugins/payment/uninstall"}) {
            FakeHttp.Response response = new FakeHttp.Response();
            assertNull(admit(post(path, Roles.OPERATOR), response));
            assertTrue(problem(response, 403).get("detail").asText().contains("admin"), path);
        }
    }

    @Test
    void noTokenOrABadOneIsUnauthorized() throws Exception {
        FakeHttp.Response none = new FakeHttp.Response();
        assertNull(admit(get("/releases", null), none));
        problem(none, 401);
        assertEquals("Bearer", none.headers.get("WWW-Authenticate"));
        FakeHttp.Response bad = new FakeHttp.Response();
        assertNull(admit(get("/releases", "bad"), bad));
        problem(bad, 401);
        assertEquals("Bearer error=\"invalid_token\"", bad.headers.get("WWW-Authenticate"));
    }

    @Test
    void aTextPlainBodyIsRefusedEvenWithAToken() throws Exception {
        FakeHttp.Response response = new FakeHttp.Response();
        FakeHttp.Request request = post("/plugins/payment/update", Roles.ADMIN)
                .body("text/plain", "{\"location\":\"http://127.0.0.1:9/evil.jar\"}");
        assertNull(admit(request, response));
        problem(response, 415);
        FakeHttp.Response none = new FakeHttp.Response();
        FakeHttp.Request untyped = post("/releases/payment/rollback", Roles.ADMIN);
        untyped.headers.remove("Content-Type");
        assertNull(admit(untyped, none));
        problem(none, 415);
        assertNotNull(admit(post("/releases/payment/rollback", Roles.ADMIN)
                .body("application/json; charset=utf-8", "{}"), new FakeHttp.Response()));
    }

    @Test
    void aForeignOriginIsRefusedBeforeTheTokenIsLookedAt() throws Exception {
        FakeHttp.Response response = new FakeHttp.Response();
        assertNull(admit(post("/releases/payment/rollback", Roles.ADMIN).header("Origin", "http://evil.example"),
                response));
        assertTrue(problem(response, 403).get("detail").asText().startsWith("cross-origin"));
    }

    @Test
    void aForeignHostIsRefused() throws Exception {
        FakeHttp.Response response = new FakeHttp.Response();
        assertNull(admit(post("/releases/payment/rollback", Roles.ADMIN).header("Host", "rebound.evil.example:8080"),
                response));
        assertTrue(problem(response, 403).get("detail").asText().contains("not this server"));
    }

    @Test
    void loopbackAloneIsNoLongerTrusted() throws Exception {
        FakeHttp.Request request = get("/plugins", null);
        request.remoteAddr = "127.0.0.1";
        FakeHttp.Response response = new FakeHttp.Response();
        assertNull(admit(request, response));
        problem(response, 401);
    }
}
