package dev.keel.kernel.security;

import dev.keel.api.security.Caller;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Authenticates the caller of an HTTP request from its
 * {@code Authorization: Bearer} token: Keel's own tokens and, when configured,
 * an external OpenID Connect issuer's. Every HTTP surface ({@code /api},
 * {@code /admin}, {@code /metrics}, {@code /health} details) asks it before
 * doing anything for the caller.
 */
public interface Authenticator {

    /**
     * The request's caller.
     *
     * @param request the request
     * @return {@link Caller#ANONYMOUS} when the request has no {@code Authorization} header
     * @throws InvalidTokenException when it has one that is not a valid, verified token
     *         (answer 401 with {@code WWW-Authenticate: Bearer error="invalid_token"})
     */
    Caller authenticate(HttpServletRequest request);
}
