package dev.keel.kernel.http;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

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

    /**
     * A new random (version 4) UUID. From {@link ThreadLocalRandom}, not
     * {@link UUID#randomUUID()}: an id must be unique, not unguessable, and
     * the JDK's shared {@code SecureRandom} serialises every request thread on
     * one lock and a SHA-1 per id.
     */
    static String generate() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long lsb = (r.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
        return new UUID(msb, lsb).toString();
    }
}
