package dev.keel.kernel.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.keel.api.security.Caller;
import dev.keel.api.security.Roles;

class RoutePolicyTest {

    private static final Caller ALICE = new Caller("alice", Roles.implied(Set.of(Roles.OPERATOR)), Map.of(), "keel");

    @Test
    void withoutPropertiesEveryCallNeedsAnAuthenticatedCallerOfAnyRole() {
        RoutePolicy p = RoutePolicy.of(null, null);
        assertSame(RoutePolicy.AUTHENTICATED, p);
        assertFalse(p.isPublic("POST", "/users"));
        assertTrue(p.allows(ALICE));
    }

    @Test
    void aPublicCallIsItsMethodAndExactPathOrEverythingBelowAStar() {
        RoutePolicy p = RoutePolicy.of(new String[] {"POST /users", "get /docs/*"}, null);
        assertTrue(p.isPublic("POST", "/users"));
        assertTrue(p.isPublic("POST", "/users/"));
        assertFalse(p.isPublic("GET", "/users"));
        assertFalse(p.isPublic("POST", "/users/7"));
        assertFalse(p.isPublic("POST", "/usersx"));
        assertTrue(p.isPublic("GET", "/docs"));
        assertTrue(p.isPublic("GET", "/docs/a/b"));
        assertFalse(p.isPublic("GET", "/docsx"));
    }

    @Test
    void aMalformedEntryOpensNothing() {
        RoutePolicy p = RoutePolicy.of(new String[] {"/users", "POST users", "POST /a/*/b", "*"}, null);
        assertFalse(p.isPublic("POST", "/users"));
        assertFalse(p.isPublic("GET", "/users"));
        assertEquals(0, p.publicCalls().size());
    }

    @Test
    void rolesAreAnyOfWithImpliedRolesCounting() {
        RoutePolicy viewers = RoutePolicy.of(null, new String[] {Roles.VIEWER, Roles.METRICS});
        assertTrue(viewers.allows(ALICE), "operator implies viewer");
        assertFalse(viewers.allows(new Caller("bob", Set.of(Roles.CUSTOMER), Map.of(), "keel")));
    }

    @Test
    void aTokenOnAPublicCallIsNotNeededAndAMissingRoleIsA403() {
        Route route = new Route(1, 1, "b", "/users", java.util.List.of(), null, Map.of());
        route.policy = RoutePolicy.of("POST /users", Roles.ADMIN);
        ApiAccess.check(Caller.ANONYMOUS, route, "POST", "/users");
        assertEquals(401, assertThrows(AccessDenied.class, () -> ApiAccess.check(Caller.ANONYMOUS, route, "GET",
                "/users")).status());
        AccessDenied denied = assertThrows(AccessDenied.class, () -> ApiAccess.check(ALICE, route, "GET", "/users"));
        assertEquals(403, denied.status());
        assertEquals(null, denied.challenge());
        assertEquals("Bearer", assertThrows(AccessDenied.class, () -> ApiAccess.check(Caller.ANONYMOUS, route, "GET",
                "/users")).challenge());
    }
}
