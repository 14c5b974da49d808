package dev.keel.kernel.http;

import java.util.List;

import dev.keel.api.http.ProblemException;
import dev.keel.api.security.Caller;
import dev.keel.kernel.security.Authenticator;
import dev.keel.kernel.security.InvalidTokenException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Owns authentication and route policies in the HTTP entry, before any plugin
 * code runs: the caller from the token (401 for a bad one), a call without a
 * token refused unless its route declares it public (401, also for a path no
 * route serves, so an anonymous caller learns nothing of the routes), a
 * missing role (403).
 */
final class ApiAccess {

    private ApiAccess() {
    }

    /** The request's caller, set as {@link Caller#ATTRIBUTE}; 401 for a token that is not valid. */
    static Caller authenticate(Authenticator authenticator, HttpServletRequest req) {
        Caller caller;
        try {
            caller = authenticator.authenticate(req);
        } catch (InvalidTokenException e) {
            throw AccessDenied.invalidToken(e.getMessage());
        }
        req.setAttribute(Caller.ATTRIBUTE, caller);
        return caller;
    }

    /**
     * Before the route is chosen (and before a request is held): an anonymous
     * call that none of the plugin's current routes for the path declares public.
     */
    static void beforeChoice(Caller caller, RouteTable routes, String plugin, String method, String path) {
        if (caller.authenticated()) {
            return;
        }
        List<Candidate> now = routes.plugin(plugin).candidates(path);
        if (!now.isEmpty() && now.stream().noneMatch(c -> c.route().policy.isPublic(method, path))) {
            throw AccessDenied.noToken();
        }
    }

    /** An anonymous caller gets 401 rather than the 404 of a path no route serves. */
    static RuntimeException unavailable(Caller caller, RuntimeException e) {
        if (!caller.authenticated() && e instanceof ProblemException pe && pe.status() == 404) {
            return AccessDenied.noToken();
        }
        return e;
    }

    /** The chosen route's policy for this caller: public, or authenticated with one of its roles. */
    static void check(Caller caller, Route route, String method, String path) {
        RoutePolicy policy = route.policy;
        if (policy.isPublic(method, path)) {
            return;
        }
        if (!caller.authenticated()) {
            throw AccessDenied.noToken();
        }
        if (!policy.allows(caller)) {
            throw AccessDenied.missingRole(policy.roles());
        }
    }
}
