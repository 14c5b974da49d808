package dev.keel.support.web;

import dev.keel.api.http.ProblemException;
import dev.keel.api.security.Caller;
import dev.keel.api.security.Roles;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The caller of a plugin's request, as the kernel's HTTP entry authenticated
 * it (request attribute {@link Caller#ATTRIBUTE}), and the object-level rules
 * the business plugins share: a customer reads and changes only their own
 * data, {@code viewer} (and what implies it) reads everyone's, {@code operator}
 * changes everyone's.
 */
public final class Callers {

    private Callers() {
    }

    /** The request's caller; {@link Caller#ANONYMOUS} when the kernel set none. */
    public static Caller of(HttpServletRequest req) {
        return req.getAttribute(Caller.ATTRIBUTE) instanceof Caller c ? c : Caller.ANONYMOUS;
    }

    /**
     * The request's authenticated caller. The kernel answers 401 before a
     * non-public call reaches the servlet; this fails closed should a request
     * come without one all the same.
     *
     * @throws ProblemException 401 for an anonymous caller
     */
    public static Caller authenticated(HttpServletRequest req) {
        Caller c = of(req);
        if (!c.authenticated()) {
            throw new ProblemException(401, "Unauthorized", "this call needs a bearer token");
        }
        return c;
    }

    /** Whether the caller is the customer {@code userId} (a customer's token names its user id as subject). */
    public static boolean isCustomer(Caller c, String userId) {
        return userId != null && c.hasRole(Roles.CUSTOMER) && c.subject().equals(userId);
    }

    /** Whether the caller may read the data of {@code userId}: that customer, or a viewer. */
    public static boolean mayRead(Caller c, String userId) {
        return c.hasRole(Roles.VIEWER) || isCustomer(c, userId);
    }

    /** Whether the caller may change the data of {@code userId}: that customer, or an operator. */
    public static boolean mayChange(Caller c, String userId) {
        return c.hasRole(Roles.OPERATOR) || isCustomer(c, userId);
    }

    /**
     * Checks the caller has a role.
     *
     * @param what the call, for the problem's detail, e.g. {@code "listing users"}
     * @throws ProblemException 403 when it has not
     */
    public static void requireRole(Caller c, String role, String what) {
        if (!c.hasRole(role)) {
            throw forbidden(what + " needs the " + role + " role");
        }
    }

    /** A 403 problem. */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail);
    }
}
