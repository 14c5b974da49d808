package dev.keel.api.security;

import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The kernel's token issuer: signs a JWT with the current key of
 * {@code data/security/} (published at the JWKS endpoint) for a subject a
 * plugin has authenticated itself, e.g. a customer who gave the right
 * password. The kernel's HTTP entry accepts the token on every route.
 */
@ProviderType
public interface TokenIssuer {

    /**
     * Signs a token.
     *
     * @param subject the {@code sub} claim, e.g. a user id; not empty
     * @param roles the roles granted (a plugin may grant only {@link Roles#CUSTOMER})
     * @return the token and when it expires (the configured lifetime)
     * @throws IllegalArgumentException for an empty subject, or an operator role asked by a plugin
     */
    IssuedToken issue(String subject, Set<String> roles);
}
