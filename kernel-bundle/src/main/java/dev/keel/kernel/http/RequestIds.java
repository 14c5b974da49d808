package dev.keel.kernel.http;

import java.util.UUID;

/** Owns the rules for {@code X-Request-Id}: which incoming ids are kept, and new ones. */
final class RequestIds {

    /** The header carrying the id in both directions. */
    static final String HEADER = "X-Request-Id";

    static final int MAX_LENGTH = 128;

    private RequestIds() {
    }

    /** The incoming id when it is valid, else a new one. */
    static String accept(String incoming) {
        return valid(incoming) ? incoming : generate();
    }

    /**
     * Whether an incoming id can be kept: 1 to 128 characters of letters,
     * digits and {@code - _ . : / + =}; nothing that could break a log line or
     * a header (no spaces, quotes, control characters).
     */
    static boolean valid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':' || c == '/' || c == '+' || c == '=';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static String generate() {
        return UUID.randomUUID().toString();
    }
}
