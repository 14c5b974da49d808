package dev.keel.kernel.http;

import dev.keel.api.http.ProblemException;

/**
 * The HTTP entry's 401 or 403 problem, before any plugin code ran; a 401
 * carries its {@code WWW-Authenticate} challenge.
 */
final class AccessDenied extends ProblemException {

    private static final long serialVersionUID = 1L;

    private final String challenge;

    private AccessDenied(int status, String detail, String challenge) {
        super(status, null, detail);
        this.challenge = challenge;
    }

    /** No token on a call that needs one. */
    static AccessDenied noToken() {
        return new AccessDenied(401, "This call needs a token: send Authorization: Bearer <token> "
                + "(operators get one from POST /auth/token)", "Bearer");
    }

    /**
     * A token that is not valid.
     *
     * @param why the verifier's reason, Keel's own words (it never echoes the token)
     */
    static AccessDenied invalidToken(String why) {
        String description = why == null ? "invalid token" : why.replaceAll("[^A-Za-z0-9 ().,;:=/_-]", "");
        return new AccessDenied(401, "The token is not valid: " + description,
                "Bearer error=\"invalid_token\", error_description=\"" + description + "\"");
    }

    /** An authenticated caller without a role the call needs. */
    static AccessDenied missingRole(java.util.List<String> anyOf) {
        return new AccessDenied(403, "This call needs one of the roles " + String.join(", ", anyOf), null);
    }

    /** The {@code WWW-Authenticate} value, or null for a 403. */
    String challenge() {
        return challenge;
    }
}
