package dev.keel.kernel.security;

import java.util.Enumeration;

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
     * @throws InvalidTokenException when it has one that is not a valid, verified token, or more than one
     *         (answer 401 with {@code WWW-Authenticate: Bearer error="invalid_token"})
     */
    default Caller authenticate(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders("Authorization");
        if (headers == null || !headers.hasMoreElements()) {
            return Caller.ANONYMOUS;
        }
        String header = headers.nextElement();
        if (headers.hasMoreElements()) {
            throw new InvalidTokenException("more than one Authorization header");
        }
        return authenticate(header);
    }

    /**
     * The caller an {@code Authorization} header's value names.
     *
     * @param authorization the header's value, {@code Bearer <token>}
     * @return the token's caller
     * @throws InvalidTokenException when it is not a valid, verified bearer token
     */
    Caller authenticate(String authorization);
}
