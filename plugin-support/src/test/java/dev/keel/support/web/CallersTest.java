package dev.keel.support.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.keel.api.http.ProblemException;
import dev.keel.api.security.Caller;
import dev.keel.api.security.Roles;
import jakarta.servlet.http.HttpServletRequest;

class CallersTest {

    private static final Caller ADA = caller("u-ada", Roles.CUSTOMER);
    private static final Caller VIEWER = caller("vera", Roles.VIEWER);
    private static final Caller OPERATOR = caller("olga", Roles.OPERATOR);
    private static final Caller ADMIN = caller("root", Roles.ADMIN);

    private static Caller caller(String subject, String role) {
        return new Caller(subject, Roles.implied(List.of(role)), Map.of(), "https://keel.test");
    }

    private static HttpServletRequest with(Object attribute) {
        return (HttpServletRequest) Proxy.newProxyInstance(CallersTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getAttribute") && Caller.ATTRIBUTE.equals(args[0])) {
                        return attribute;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void theCallerIsTheKernelsRequestAttributeElseAnonymous() {
        assertSame(ADA, Callers.of(with(ADA)));
        assertSame(Caller.ANONYMOUS, Callers.of(with(null)));
        assertSame(Caller.ANONYMOUS, Callers.of(with("u-ada")), "a string in the attribute is no caller");
        assertSame(ADA, Callers.authenticated(with(ADA)));
    }

    @Test
    void aRequestWithoutAnAuthenticatedCallerIsA401() {
        assertEquals(401, assertThrows(ProblemException.class, () -> Callers.authenticated(with(null))).status());
        assertEquals(401, assertThrows(ProblemException.class,
                () -> Callers.authenticated(with(Caller.ANONYMOUS))).status());
    }

    @Test
    void aCustomerReadsAndChangesOnlyTheirOwnData() {
        assertTrue(Callers.isCustomer(ADA, "u-ada"));
        assertTrue(Callers.mayRead(ADA, "u-ada"));
        assertTrue(Callers.mayChange(ADA, "u-ada"));
        assertFalse(Callers.mayRead(ADA, "u-bob"));
        assertFalse(Callers.mayChange(ADA, "u-bob"));
        assertFalse(Callers.isCustomer(ADA, null));
        assertFalse(Callers.mayRead(ADA, null), "data of no one (e.g. a payment without an order) is no one's own");
    }

    @Test
    void aSubjectWithoutTheCustomerRoleOwnsNothing() {
        Caller sameNameOperatorToken = new Caller("u-ada", Roles.implied(List.of(Roles.METRICS)), Map.of(), "x");
        assertFalse(Callers.isCustomer(sameNameOperatorToken, "u-ada"));
        assertFalse(Callers.mayRead(sameNameOperatorToken, "u-ada"));
    }

    @Test
    void viewersReadEverythingOperatorsAlsoChangeIt() {
        for (Caller c : List.of(VIEWER, OPERATOR, ADMIN)) {
            assertTrue(Callers.mayRead(c, "u-bob"), c.subject());
        }
        assertFalse(Callers.mayChange(VIEWER, "u-bob"));
        assertTrue(Callers.mayChange(OPERATOR, "u-bob"));
        assertTrue(Callers.mayChange(ADMIN, "u-bob"));
    }

    @Test
    void aMissingRoleIsA403NamingIt() {
        Callers.requireRole(OPERATOR, Roles.VIEWER, "listing users");
        ProblemException e = assertThrows(ProblemException.class,
                () -> Callers.requireRole(ADA, Roles.VIEWER, "listing users"));
        assertEquals(403, e.status());
        assertEquals("listing users needs the viewer role", e.detail());
    }
}
