package dev.keel.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void matchesPbkdf2HmacSha256AsPythonComputesIt() {
        assertEquals("pbkdf2-sha256:1000:a2VlbC10ZXN0LXNhbHQhIQ==:rKxQIjw8YKiEiy38x9ey87BGceN2QtQWqG69+LJjYqo=",
                PasswordHash.hash("s3cret", "keel-test-salt!!".getBytes(StandardCharsets.US_ASCII), 1000));
    }

    @Test
    void eachHashHasItsOwnSalt() {
        String a = PasswordHash.hash("s3cret");

        assertTrue(a.matches("pbkdf2-sha256:210000:[A-Za-z0-9+/=]{24}:[A-Za-z0-9+/=]{44}"), a);
        assertNotEquals(a, PasswordHash.hash("s3cret"));
    }
}
