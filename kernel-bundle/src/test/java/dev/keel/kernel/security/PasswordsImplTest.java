package dev.keel.kernel.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

public class PasswordsImplTest {

    /** PBKDF2-HMAC-SHA256("s3cret", "keel-test-salt!!", 1000 rounds), as Python's hashlib computes it. */
    public static final String KNOWN = "pbkdf2-sha256:1000:a2VlbC10ZXN0LXNhbHQhIQ==:rKxQIjw8YKiEiy38x9ey87BGceN2QtQWqG69+LJjYqo=";

    private final PasswordsImpl passwords = new PasswordsImpl();

    @Test
    void verifiesAHashComputedElsewhere() {
        assertTrue(passwords.verify("s3cret".toCharArray(), KNOWN));
        assertFalse(passwords.verify("s3cret ".toCharArray(), KNOWN));
        assertFalse(passwords.verify("".toCharArray(), KNOWN));
        assertFalse(passwords.verify(null, KNOWN));
    }

    @Test
    void writesTheFormatItReads() {
        assertEquals(KNOWN, PasswordsImpl.hash("s3cret".toCharArray(),
                "keel-test-salt!!".getBytes(StandardCharsets.US_ASCII), 1000));
    }

    @Test
    void hashesWithAFreshSaltAndAtLeast210000Iterations() {
        String a = passwords.hash("correct horse".toCharArray());
        String b = passwords.hash("correct horse".toCharArray());

        assertTrue(a.startsWith("pbkdf2-sha256:210000:"), a);
        assertNotEquals(a, b, "two hashes of one password differ by their salt");
        assertTrue(passwords.verify("correct horse".toCharArray(), a));
        assertFalse(passwords.verify("correct horsE".toCharArray(), a));
        assertTrue(PasswordsImpl.isHash(a));
        assertFalse(PasswordsImpl.isHash("ssh-ed25519 AAAA"));
    }

    @Test
    void malformedHashesNeverMatch() {
        char[] s3cret = "s3cret".toCharArray();
        assertFalse(passwords.verify(s3cret, "s3cret"));
        assertFalse(passwords.verify(s3cret, "pbkdf2-sha256:x:a2Vl:rKxQ"));
        assertFalse(passwords.verify(s3cret, "pbkdf2-sha256:0:a2VlbC10ZXN0LXNhbHQhIQ==:rKxQ"));
        assertFalse(passwords.verify(s3cret, "pbkdf2-sha256:1000:!!:??"));
        assertFalse(passwords.verify(s3cret, "pbkdf2-sha256:99999999:a2VlbC10ZXN0LXNhbHQhIQ==:"
                + "rKxQIjw8YKiEiy38x9ey87BGceN2QtQWqG69+LJjYqo="));
        assertFalse(passwords.verify(s3cret,
                "md5:1000:a2VlbC10ZXN0LXNhbHQhIQ==:rKxQIjw8YKiEiy38x9ey87BGceN2QtQWqG69+LJjYqo="));
    }

    @Test
    void anUnknownAccountOrUnreadableHashCostsAsMuchAsAKnownOne() {
        String hash = passwords.hash("correct horse".toCharArray());

        // the KDF runs with the same cost either way, so known and unknown accounts take the same time
        assertEquals(PasswordsImpl.ITERATIONS, PasswordsImpl.work(hash));
        assertEquals(PasswordsImpl.ITERATIONS, PasswordsImpl.work(null));
        assertEquals(PasswordsImpl.ITERATIONS, PasswordsImpl.work("pbkdf2-sha256:1000:!!:??"));
        assertFalse(passwords.verify("correct horse".toCharArray(), null));
    }
}
