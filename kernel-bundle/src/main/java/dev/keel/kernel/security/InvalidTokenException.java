package dev.keel.kernel.security;

/**
 * A presented token is not valid: malformed, badly signed, expired, not yet
 * valid, of another issuer or audience, {@code alg=none}, an unknown key. The
 * message says which, for the {@code error_description} and the log; it never
 * holds the token.
 */
public final class InvalidTokenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message why the token is refused
     */
    public InvalidTokenException(String message) {
        super(message);
    }
}
