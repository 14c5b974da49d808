package dev.keel.kernel.admin;

import java.io.IOException;
import java.util.Set;

import dev.keel.api.security.Caller;
import dev.keel.api.security.Roles;
import dev.keel.kernel.security.Authenticator;
import dev.keel.kernel.security.InvalidTokenException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Who may do what on {@code /admin}, checked before anything is done: the
 * request is addressed to this server from its own origin ({@link SameOrigin},
 * else 403), carries a valid bearer token (else 401 with
 * {@code WWW-Authenticate: Bearer}), its caller has the operation's role
 * ({@link #role}, else 403), and a {@code POST} declares an
 * {@code application/json} body (else 415). Refusals are problem+json.
 */
final class AdminGuard {

    private final Authenticator authenticator;

    AdminGuard(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /**
     * The role an operation needs: {@code viewer} reads, {@code operator}
     * changes releases and configuration, {@code admin} installs, updates and
     * uninstalls code.
     *
     * @param parts the path below {@code /admin}, split at {@code /}
     */
    static String role(String method, String[] parts) {
        if (method.equals("GET") || method.equals("HEAD")) {
            return Roles.VIEWER;
        }
        return parts.length > 0 && parts[0].equals("plugins") ? Roles.ADMIN : Roles.OPERATOR;
    }

    /**
     * Checks the request; answers a refusal itself.
     *
     * @param allowedHosts {@code keel.admin} {@code allowed.hosts}, lower case
     * @return the caller (also set as {@link Caller#ATTRIBUTE}), or null when refused and answered
     */
    Caller admit(HttpServletRequest req, HttpServletResponse resp, String[] parts, Set<String> allowedHosts)
            throws IOException {
        String foreign = SameOrigin.refusal(req.getHeader("Host"), req.getHeader("Origin"), req.getLocalAddr(),
                req.getLocalPort(), req.getScheme(), allowedHosts);
        if (foreign != null) {
            AdminJson.problem(resp, 403, "Forbidden", foreign, req);
            return null;
        }
        Caller caller;
        try {
            caller = authenticator.authenticate(req);
        } catch (InvalidTokenException e) {
            resp.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            AdminJson.problem(resp, 401, "Unauthorized", "the token is not valid: " + e.getMessage(), req);
            return null;
        }
        req.setAttribute(Caller.ATTRIBUTE, caller);
        if (!caller.authenticated()) {
            resp.setHeader("WWW-Authenticate", "Bearer");
            AdminJson.problem(resp, 401, "Unauthorized", "/admin needs a bearer token (POST /auth/token)", req);
            return null;
        }
        String role = role(req.getMethod(), parts);
        if (!caller.hasRole(role)) {
            AdminJson.problem(resp, 403, "Forbidden", "this operation needs the role " + role, req);
            return null;
        }
        if (req.getMethod().equals("POST") && !AdminJson.declaresJson(req)) {
            AdminJson.problem(resp, 415, "Unsupported Media Type", "/admin takes only application/json bodies", req);
            return null;
        }
        return caller;
    }
}
