package dev.keel.api.security;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The caller of the current request, as the kernel authenticated it before any
 * plugin code ran: a plugin reads it from the request attribute
 * {@link #ATTRIBUTE} (never from headers) and decides "whose data is this" with
 * {@link #subject()} and {@link #hasRole(String)}.
 *
 * <pre>
 * Caller caller = (Caller) request.getAttribute(Caller.ATTRIBUTE);
 * if (!caller.subject().equals(userId) &amp;&amp; !caller.hasRole(Roles.VIEWER)) throw new ProblemException(403, ...);
 * </pre>
 *
 * @param subject who calls: a customer's user id, an operator's name, or {@code ""} when anonymous
 * @param roles the caller's roles with what they imply already added (see {@link Roles#implied})
 * @param claims the verified token's claims a plugin may need (e.g. {@code email}); empty when anonymous
 * @param issuer the token's issuer ({@code iss}), or {@code ""} when anonymous
 */
public record Caller(String subject, Set<String> roles, Map<String, Object> claims, String issuer) {

    /** The request attribute that holds the {@link Caller} of every request of the kernel's HTTP entry: {@value}. */
    public static final String ATTRIBUTE = "keel.caller";

    /** The caller of a request without a token. */
    public static final Caller ANONYMOUS = new Caller("", Set.of(), Map.of(), "");

    /** Checks the components and makes them immutable. */
    public Caller {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        roles = Set.copyOf(roles);
        claims = Map.copyOf(claims);
    }

    /**
     * Whether a token was presented and verified.
     *
     * @return false for {@link #ANONYMOUS}
     */
    public boolean authenticated() {
        return !subject.isEmpty();
    }

    /**
     * Whether the caller has a role (directly or implied).
     *
     * @param role e.g. {@link Roles#OPERATOR}
     * @return true when it has
     */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /**
     * Whether the caller has at least one of some roles.
     *
     * @param anyOf the roles
     * @return true when it has one
     */
    public boolean hasAnyRole(String... anyOf) {
        return Arrays.stream(anyOf).anyMatch(roles::contains);
    }
}
