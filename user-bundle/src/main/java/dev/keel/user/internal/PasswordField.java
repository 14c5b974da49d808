package dev.keel.user.internal;

import com.fasterxml.jackson.databind.JsonNode;

import dev.keel.support.web.JsonRequest;
import dev.keel.support.web.Text;

/**
 * Reads the {@code password} of a registration or login body: a string of
 * {@value #MIN} (at registration) to {@value #MAX} characters, used exactly
 * as sent (never trimmed), without control or invisible formatting characters.
 * Its value never appears in an error, a log line or an answer.
 */
final class PasswordField {

    static final String FIELD = "password";
    /** The fewest characters of a new password (NIST SP 800-63B's minimum). */
    static final int MIN = 8;
    /** The most characters of a password: bounds the hashing work a request can ask for. */
    static final int MAX = 128;

    private PasswordField() {
    }

    /**
     * The password of {@code body}, at least {@code min} characters; null (and
     * an error recorded under {@value #FIELD}) when invalid.
     */
    static char[] read(JsonRequest body, int min) {
        JsonNode v = body.body().get(FIELD);
        if (v == null || v.isNull()) {
            body.reject(FIELD, "is required");
            return null;
        }
        if (!v.isTextual()) {
            body.reject(FIELD, "must be a string");
            return null;
        }
        String s = v.asText();
        int length = s.codePointCount(0, s.length());
        if (length < min || length > MAX) {
            body.reject(FIELD, "must be " + min + " to " + MAX + " characters");
            return null;
        }
        if (Text.forbidden(s) != null) {
            // the message names no position or character: nothing of the password is echoed
            body.reject(FIELD, "must not contain control, bidi or invisible formatting characters");
            return null;
        }
        return s.toCharArray();
    }
}
