package dev.keel.kernel.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.osgi.service.component.annotations.Component;

import dev.keel.api.security.Passwords;

/**
 * Salted PBKDF2-HMAC-SHA256 password hashes, self-describing:
 * {@code pbkdf2-sha256:ITERATIONS:SALT:HASH} (salt and hash in Base64), as
 * {@code etc/keel.users} and the business plugins store them.
 */
@Component(service = Passwords.class)
public final class PasswordsImpl implements Passwords {

    /** The prefix of every hash this class writes. */
    public static final String PREFIX = "pbkdf2-sha256:";
    /** Iterations of a new hash (OWASP's figure for PBKDF2-HMAC-SHA512; above it for SHA-256's cost here). */
    public static final int ITERATIONS = 210_000;
    /** Stored hashes with more iterations than this are refused: a crafted line must not cost minutes. */
    static final int MAX_ITERATIONS = 10_000_000;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    /** Compared against when the account is unknown or its hash unreadable: the same work, never a match. */
    private static final byte[] DUMMY_SALT = new byte[SALT_BYTES];

    private final SecureRandom random = new SecureRandom();

    @Override
    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return format(ITERATIONS, salt, pbkdf2(password, salt, ITERATIONS, HASH_BITS));
    }

    /** A hash with a given salt and cost: for tests and tools that must be reproducible. */
    static String hash(char[] password, byte[] salt, int iterations) {
        return format(iterations, salt, pbkdf2(password, salt, iterations, HASH_BITS));
    }

    @Override
    public boolean verify(char[] password, String hash) {
        char[] given = password == null ? new char[0] : password;
        Parsed parsed = parse(hash);
        if (parsed == null) {
            pbkdf2(given, DUMMY_SALT, ITERATIONS, HASH_BITS); // the same work as for a real account
            return false;
        }
        byte[] actual = pbkdf2(given, parsed.salt(), parsed.iterations(), parsed.hash().length * 8);
        return MessageDigest.isEqual(parsed.hash(), actual) && password != null;
    }

    /** The iterations {@link #verify} runs for a stored hash: the dummy's for none or an unreadable one. */
    static int work(String hash) {
        Parsed parsed = parse(hash);
        return parsed == null ? ITERATIONS : parsed.iterations();
    }

    /** Whether a credential is a hash this class reads (else it may be a public key). */
    public static boolean isHash(String credential) {
        return credential != null && credential.startsWith(PREFIX);
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String hash) {
        if (hash == null || !hash.startsWith(PREFIX)) {
            return null;
        }
        String[] parts = hash.split(":", -1);
        if (parts.length != 4) {
            return null;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            if (iterations < 1 || iterations > MAX_ITERATIONS || salt.length == 0 || expected.length < 16) {
                return null;
            }
            return new Parsed(iterations, salt, expected);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String format(int iterations, byte[] salt, byte[] hash) {
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + iterations + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(hash);
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations, int bits) {
        PBEKeySpec spec = new PBEKeySpec(Arrays.copyOf(password, password.length), salt, iterations, bits);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available: " + e, e);
        } finally {
            spec.clearPassword();
        }
    }
}
