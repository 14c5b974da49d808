package dev.keel.kernel.ssh;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

    /** PBKDF2-HMAC-SHA256("s3cret", "keel-test-salt!!", 1000 rounds), as Python's hashlib computes it. */
    static final String KNOWN = "pbkdf2-sha256:1000:a2VlbC10ZXN0LXNhbHQhIQ==:rKxQIjw8YKiEiy38x9ey87BGceN2QtQWqG69+LJjYqo=";

    @Test
    void verifiesAHashComputedElsewhere() {
        assertTrue(PasswordHash.verify("s3cret", KNOWN));
        assertFalse(PasswordHash.verify("s3cret ", KNOWN));
        assertFalse(PasswordHash.verify("", KNOWN));
    }

    @Test
    void hashesWithAFreshSaltAndVerifiesThem() {
        String a = PasswordHash.hash("correct horse");
        String b = PasswordHash.hash("correct horse");

        assertTrue(a.startsWith("pbkdf2-sha256:" + PasswordHash.ITERATIONS + ":"), a);
        assertFalse(a.equals(b), "two hashes of one password differ by their salt");
        assertTrue(PasswordHash.verify("correct horse", a));
        assertFalse(PasswordHash.verify("correct horsE", a));
    }

    @Test
    void malformedHashesNeverMatch() {
        assertFalse(PasswordHash.verify("s3cret", "s3cret"));
        assertFalse(PasswordHash.verify("s3cret", "pbkdf2-sha256:x:a2Vl:rKxQ"));
        assertFalse(PasswordHash.verify("s3cret", "pbkdf2-sha256:0:a2VlbC10ZXN0LXNhbHQhIQ==:rKxQ"));
        assertFalse(PasswordHash.verify("s3cret", "pbkdf2-sha256:1000:!!:??"));
        assertFalse(PasswordHash.verify("s3cret", "md5:1000:a2VlbC10ZXN0LXNhbHQhIQ==:rKxQIjw8YKiEiy38x9ey87BGceN2QtQWqG69+LJjYqo="));
    }
}
