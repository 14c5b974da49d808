package dev.keel.api.security;

import java.time.Instant;
import java.util.Objects;

/**
 * A bearer token the kernel signed.
 *
 * @param value the compact JWT to send as {@code Authorization: Bearer <value>}; a secret: never log it
 * @param expiresAt when it stops being accepted
 */
public record IssuedToken(String value, Instant expiresAt) {

    /** Checks that neither component is null. */
    public IssuedToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "IssuedToken[expiresAt=" + expiresAt + "]";
    }
}
