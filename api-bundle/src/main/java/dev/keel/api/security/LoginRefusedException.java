package dev.keel.api.security;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by {@link LoginGuard#before} when an account or an address has had
 * too many attempts: answer 429 with {@code Retry-After}, and do not check
 * the credential.
 */
public class LoginRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /**
     * @param message why, without the account's name
     * @param retryAfter when the caller may try again
     */
    public LoginRefusedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /**
     * @return when the caller may try again
     */
    public Duration retryAfter() {
        return retryAfter;
    }
}
