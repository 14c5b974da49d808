package dev.keel.kernel.observe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import dev.keel.api.security.Caller;
import dev.keel.api.security.Roles;
import dev.keel.kernel.security.Authenticator;
import dev.keel.kernel.security.InvalidTokenException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Who may read what of {@code /metrics} and {@code /health}: the metrics need
 * the role {@code metrics} or the configured scrape token (compared in
 * constant time); the health details (which check failed, each plugin's
 * state) need the role {@code viewer}, while anyone may read UP or DOWN.
 */
final class ObserveAccess {

    private ObserveAccess() {
    }

    /** The caller of a request, anonymous when it has no token or one that is not valid. */
    static Caller callerOrAnonymous(Authenticator authenticator, HttpServletRequest req) {
        try {
            return authenticator.authenticate(req);
        } catch (InvalidTokenException e) {
            return Caller.ANONYMOUS;
        }
    }

    /** Whether the caller may see the health details. */
    static boolean seesDetails(Authenticator authenticator, HttpServletRequest req) {
        return req.getHeader("Authorization") != null
                && callerOrAnonymous(authenticator, req).hasRole(Roles.VIEWER);
    }

    /**
     * Whether a request may read {@code /metrics}; answers a refusal (401 or 403, problem+json) itself.
     *
     * @param scrapeToken the configured scrape token, or empty for none
     */
    static boolean admitMetrics(Authenticator authenticator, String scrapeToken, HttpServletRequest req,
            HttpServletResponse resp) throws IOException {
        String header = req.getHeader("Authorization");
        String bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip()
                : null;
        if (bearer != null && !scrapeToken.isEmpty() && sameSecret(bearer, scrapeToken)) {
            return true;
        }
        Caller caller;
        try {
            caller = authenticator.authenticate(req);
        } catch (InvalidTokenException e) {
            resp.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            problem(req, resp, 401, "Unauthorized", "the token is not valid: " + e.getMessage());
            return false;
        }
        if (!caller.authenticated()) {
            resp.setHeader("WWW-Authenticate", "Bearer");
            problem(req, resp, 401, "Unauthorized", "/metrics needs a token with the role metrics, or the scrape token");
            return false;
        }
        if (!caller.hasRole(Roles.METRICS)) {
            problem(req, resp, 403, "Forbidden", "/metrics needs the role metrics");
            return false;
        }
        return true;
    }

    /** Compares two secrets in a time that does not depend on where they differ (hashes of equal length). */
    static boolean sameSecret(String given, String expected) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] a = sha.digest(given.getBytes(StandardCharsets.UTF_8));
            byte[] b = sha.digest(expected.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(a, b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    private static void problem(HttpServletRequest req, HttpServletResponse resp, int status, String title,
            String detail) throws IOException {
        dev.keel.kernel.security.AuthResponses.problem(req, resp, status, title, detail);
    }
}
