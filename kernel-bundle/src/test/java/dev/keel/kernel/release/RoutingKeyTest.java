package dev.keel.kernel.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.keel.api.security.Caller;
import dev.keel.api.security.Roles;

class RoutingKeyTest {

    private static Caller caller(String subject, String... roles) {
        return new Caller(subject, Roles.implied(Set.of(roles)), Map.of(), "keel");
    }

    @Test
    void forcedRoutingWithoutTheTesterRoleIsIgnored() {
        for (Caller c : new Caller[] {Caller.ANONYMOUS, caller("u-1", Roles.CUSTOMER), caller("ops", Roles.OPERATOR),
                caller("v", Roles.VIEWER)}) {
            RoutingKey key = RoutingKey.of(c, null, "payment=1.1.0");
            assertEquals(Map.of(), key.forced(), c.toString());
        }
        assertSame(RoutingKey.NONE, RoutingKey.of(Caller.ANONYMOUS, null, "payment=1.1.0"));
    }

    @Test
    void aTesterForcesVersionsAnAdminToo() {
        assertEquals(Map.of("payment", "1.1.0"), RoutingKey.of(caller("t", Roles.TESTER), null, "payment=1.1.0").forced());
        assertEquals(Map.of("payment", "1.1.0", "user", "2.0"),
                RoutingKey.of(caller("root", Roles.ADMIN), null, "payment=1.1.0, user=2.0").forced());
    }

    @Test
    void anAuthenticatedCallerSticksByItsSubjectNotByTheHeader() {
        RoutingKey mine = RoutingKey.of(caller("u-1", Roles.CUSTOMER), "u-2", null);
        assertEquals("keel u-1", mine.sticky(), "a customer cannot choose another user's bucket");
        assertEquals("keel u-1", RoutingKey.of(caller("u-1", Roles.CUSTOMER), null, null).sticky());
    }

    @Test
    void anAnonymousCallerAndATesterStickByTheHeader() {
        assertEquals("u-2", RoutingKey.of(Caller.ANONYMOUS, " u-2 ", null).sticky());
        assertEquals("u-2", RoutingKey.of(caller("t", Roles.TESTER), "u-2", null).sticky());
        assertEquals("keel t", RoutingKey.of(caller("t", Roles.TESTER), null, null).sticky());
        assertNull(RoutingKey.of(Caller.ANONYMOUS, "  ", null).sticky());
    }
}
