package dev.keel.kernel.security;

import java.time.Duration;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The configuration of tokens and their verification (PID {@code keel.security}),
 * as the security components read it: Keel's own issuer and, when
 * {@code oidc.issuer} is set, an external OpenID Connect issuer.
 *
 * @param issuer {@code iss} of Keel's own tokens
 * @param audience {@code aud} of Keel's own tokens
 * @param tokenLifetime how long a token Keel signs is valid
 * @param clockSkew how far {@code exp} and {@code nbf} may be off
 * @param oidcIssuer the external issuer, or {@code ""} for none
 * @param oidcAudience the audience its tokens must name
 * @param oidcJwksUrl where its public keys are
 * @param oidcRolesClaim the claim (a dotted path) holding its roles
 * @param oidcJwksCache how long its keys are kept before they are fetched again
 */
record SecuritySettings(String issuer, String audience, Duration tokenLifetime, Duration clockSkew,
        String oidcIssuer, String oidcAudience, String oidcJwksUrl, String oidcRolesClaim, Duration oidcJwksCache) {

    /** Configuration PID: {@code etc/keel.security.cfg}. */
    static final String PID = "keel.security";

    /** Configuration of tokens: Keel's own issuer and an optional external OpenID Connect issuer. */
    @ObjectClassDefinition(name = "Keel security", description = "Bearer tokens: Keel's own issuer (keys in "
            + "data/security/, rotated with keel:keys rotate, public keys at GET /auth/jwks) and, by configuration, "
            + "an external OpenID Connect issuer (Keycloak, Auth0, ...).")
    public @interface Config {
        @AttributeDefinition(name = "Issuer", description = "iss of the tokens Keel signs; Keel accepts its own "
                + "tokens only with this issuer.")
        String issuer() default "keel";

        @AttributeDefinition(name = "Audience", description = "aud of the tokens Keel signs and requires of them.")
        String audience() default "keel";

        @AttributeDefinition(name = "Token lifetime (s)", min = "60", max = "86400",
                description = "How long a token of POST /auth/token or a plugin's login is valid. A rotated key "
                        + "stays published and verifies this long (plus the clock skew) after its rotation.")
        int token_lifetime_s() default 3600;

        @AttributeDefinition(name = "Clock skew (s)", min = "0", max = "300",
                description = "How far a token's exp and nbf may be off the clock of this machine.")
        int clock_skew_s() default 30;

        @AttributeDefinition(name = "External issuer", description = "iss of an external OpenID Connect issuer "
                + "whose tokens are accepted too, e.g. https://sso.example.com/realms/keel; empty: none.")
        String oidc_issuer() default "";

        @AttributeDefinition(name = "External audience", description = "The aud the external issuer's tokens "
                + "must name (the client id Keel is registered with); required with an external issuer.")
        String oidc_audience() default "";

        @AttributeDefinition(name = "External JWKS URL", description = "Where the external issuer publishes its "
                + "public keys (its jwks_uri); https://, or http:// on a loopback address only.")
        String oidc_jwks_url() default "";

        @AttributeDefinition(name = "External roles claim", description = "The claim of the external tokens that "
                + "holds the caller's roles, a dotted path for nested claims (Keycloak: realm_access.roles); an "
                + "array of strings or a space-separated string.")
        String oidc_roles_claim() default "roles";

        @AttributeDefinition(name = "External keys cache (s)", min = "10", max = "86400",
                description = "How long the external issuer's keys are kept before they are fetched again (an "
                        + "unknown key id fetches them at once, at most every 30 s).")
        int oidc_jwks_cache_s() default 300;
    }

    static SecuritySettings of(Config c) {
        return new SecuritySettings(c.issuer().strip(), c.audience().strip(), Duration.ofSeconds(c.token_lifetime_s()),
                Duration.ofSeconds(c.clock_skew_s()), c.oidc_issuer().strip(), c.oidc_audience().strip(),
                c.oidc_jwks_url().strip(), c.oidc_roles_claim().strip(), Duration.ofSeconds(c.oidc_jwks_cache_s()));
    }

    /** Whether an external issuer is configured. */
    boolean external() {
        return !oidcIssuer.isEmpty();
    }

    /** How long a retired key must still verify: the longest lifetime of a token it signed, and the skew. */
    Duration keyRetention() {
        return tokenLifetime.plus(clockSkew);
    }
}
