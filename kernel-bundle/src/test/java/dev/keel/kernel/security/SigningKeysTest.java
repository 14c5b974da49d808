package dev.keel.kernel.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nimbusds.jose.jwk.JWK;

class SigningKeysTest {

    private static final Duration RETENTION = Duration.ofMinutes(61);

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));

    @Test
    void firstStartGeneratesAnOwnerOnlyP256KeyThatIsKeptAcrossRestarts() throws Exception {
        Path folder = dir.resolve("security");
        SigningKeys keys = new SigningKeys(folder, RETENTION, clock);
        assertEquals("P-256", keys.current().getCurve().getName());
        assertTrue(keys.current().isPrivate());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("keys.json"))));
        SigningKeys again = new SigningKeys(folder, RETENTION, clock);
        assertEquals(keys.current().getKeyID(), again.current().getKeyID());
    }

    @Test
    void theJwksHoldsOnlyPublicKeys() {
        SigningKeys keys = new SigningKeys(dir, RETENTION, clock);
        for (JWK k : keys.publicKeys().getKeys()) {
            assertFalse(k.isPrivate());
        }
        assertFalse(keys.publicKeys().toString(true).contains("\"d\""));
    }

    @Test
    void aRotatedKeyStopsSigningButVerifiesAndIsPublishedUntilItsTokensHaveExpired() {
        SigningKeys keys = new SigningKeys(dir, RETENTION, clock);
        String old = keys.current().getKeyID();
        SigningKeys.KeyInfo fresh = keys.rotate();
        assertNotEquals(old, fresh.kid());
        assertEquals(fresh.kid(), keys.current().getKeyID());
        assertNotNull(keys.verificationKey(old));
        assertEquals(2, keys.publicKeys().getKeys().size());
        assertEquals(clock.instant().plus(RETENTION), keys.list().get(1).retiredUntil());

        clock.advance(RETENTION.minusSeconds(1));
        assertNotNull(keys.verificationKey(old), "still within the lifetime of the tokens it signed");

        clock.advance(Duration.ofSeconds(2));
        assertNull(keys.verificationKey(old));
        assertEquals(1, keys.publicKeys().getKeys().size());
        assertEquals(1, keys.list().size());
    }

    @Test
    void aRestartKeepsTheRetiredKeysAndDropsThemOnTheNextRotationOnceExpired() {
        SigningKeys keys = new SigningKeys(dir, RETENTION, clock);
        String first = keys.current().getKeyID();
        keys.rotate();
        SigningKeys restarted = new SigningKeys(dir, RETENTION, clock);
        assertNotNull(restarted.verificationKey(first));
        clock.advance(RETENTION.plusMinutes(1));
        restarted.rotate();
        assertEquals(2, restarted.list().size(), "the expired one dropped, the second retired, a third signs");
        assertNull(restarted.verificationKey(first));
    }
}
