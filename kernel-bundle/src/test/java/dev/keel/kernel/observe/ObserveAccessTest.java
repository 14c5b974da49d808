package dev.keel.kernel.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.keel.api.security.Roles;
import dev.keel.kernel.security.Authenticator;
import dev.keel.kernel.security.FakeHttp;

class ObserveAccessTest {

    private static final String SCRAPE = "a-scrape-token-of-forty-characters-long!";
    private final Authenticator auth = FakeHttp.authenticator();

    private boolean metrics(String authorization, FakeHttp.Response response) throws Exception {
        FakeHttp.Request r = new FakeHttp.Request();
        r.servletPath = "/metrics";
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        return ObserveAccess.admitMetrics(auth, SCRAPE, r.build(), response.build());
    }

    @Test
    void metricsForTheMetricsRoleOrTheScrapeToken() throws Exception {
        assertTrue(metrics("Bearer " + Roles.METRICS, new FakeHttp.Response()));
        assertTrue(metrics("Bearer " + Roles.ADMIN, new FakeHttp.Response()), "admin implies metrics");
        assertTrue(metrics("Bearer " + SCRAPE, new FakeHttp.Response()));
        assertTrue(metrics("bearer " + SCRAPE, new FakeHttp.Response()), "the scheme in any case");
    }

    @Test
    void metricsRefusedToAnyoneElse() throws Exception {
        FakeHttp.Response none = new FakeHttp.Response();
        assertFalse(metrics(null, none));
        assertEquals(401, none.status);
        assertEquals("Bearer", none.headers.get("WWW-Authenticate"));
        assertEquals("application/problem+json", none.contentType);

        FakeHttp.Response wrong = new FakeHttp.Response();
        assertFalse(metrics("Bearer " + SCRAPE.substring(1), wrong), "not the scrape token, nor a valid token");
        assertEquals(401, wrong.status);
        assertEquals("Bearer error=\"invalid_token\"", wrong.headers.get("WWW-Authenticate"));

        FakeHttp.Response viewer = new FakeHttp.Response();
        assertFalse(metrics("Bearer " + Roles.VIEWER, viewer));
        assertEquals(403, viewer.status);
    }

    @Test
    void noScrapeTokenConfiguredMeansNoneIsAccepted() throws Exception {
        FakeHttp.Request r = new FakeHttp.Request();
        r.header("Authorization", "Bearer ");
        FakeHttp.Response response = new FakeHttp.Response();
        assertFalse(ObserveAccess.admitMetrics(auth, "", r.build(), response.build()));
        assertEquals(401, response.status);
    }

    @Test
    void secretsAreComparedWhole() {
        assertTrue(ObserveAccess.sameSecret(SCRAPE, SCRAPE));
        assertFalse(ObserveAccess.sameSecret(SCRAPE + "x", SCRAPE));
        assertFalse(ObserveAccess.sameSecret("", SCRAPE));
    }

    @Test
    void healthDetailsOnlyForAViewer() {
        assertFalse(ObserveAccess.seesDetails(auth, new FakeHttp.Request().build()), "anonymous probe");
        assertFalse(ObserveAccess.seesDetails(auth, new FakeHttp.Request().header("Authorization", "Bearer bad")
                .build()), "a bad token is no viewer");
        assertFalse(ObserveAccess.seesDetails(auth, new FakeHttp.Request()
                .header("Authorization", "Bearer " + Roles.CUSTOMER).build()));
        assertFalse(ObserveAccess.seesDetails(auth, new FakeHttp.Request()
                .header("Authorization", "Bearer " + Roles.METRICS).build()));
        assertTrue(ObserveAccess.seesDetails(auth, new FakeHttp.Request()
                .header("Authorization", "Bearer " + Roles.VIEWER).build()));
        assertTrue(ObserveAccess.seesDetails(auth, new FakeHttp.Request()
                .header("Authorization", "Bearer " + Roles.OPERATOR).build()));
    }
}
