package dev.keel.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The operator the tests log in as: written into a Keel home's
 * {@code etc/keel.users} as an operator would (a PBKDF2 hash as
 * {@code bin/keel passwd} writes it), then {@code POST /auth/token}.
 */
public final class Operators {

    /** The test operator's name and password; role admin (implies every operator role). */
    public static final String NAME = "itest-admin";
    public static final String PASSWORD = "itest-admin-password";
    public static final String ROLES = "admin";

    private Operators() {
    }

    /** Adds a user line {@code NAME ROLES HASH} to {@code <home>/etc/keel.users} (created 0600 if missing). */
    public static void write(Path home, String name, String roles, String password) {
        Path file = home.resolve("etc/keel.users");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, name + " " + roles + " " + hash(password) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            try {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // left as created
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the test operator ({@link #NAME}, {@link #ROLES}) to a home's users file. */
    public static void writeTestOperator(Path home) {
        write(home, NAME, ROLES, PASSWORD);
    }

    /** A password hash in Keel's format: {@code pbkdf2-sha256:ITERATIONS:SALT:HASH}. */
    public static String hash(String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        int iterations = 210_000;
        try {
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
            return "pbkdf2-sha256:" + iterations + ":" + Base64.getEncoder().encodeToString(salt) + ":"
                    + Base64.getEncoder().encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A token for a further operator of a pax-exam test's Keel: {@code name}
     * with {@code roles} (comma-separated) written into
     * {@code <keel.home>/etc/keel.users} once, with {@link #PASSWORD}, then
     * logged in through {@code POST /auth/token}.
     */
    public static String token(KeelTest test, String name, String roles) {
        Path home = Path.of(test.context.getProperty("keel.home"));
        Path file = home.resolve("etc/keel.users");
        try {
            if (!Files.exists(file) || Files.readAllLines(file).stream().noneMatch(l -> l.startsWith(name + " "))) {
                write(home, name, roles, PASSWORD);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return test.api().login(name, PASSWORD).token();
    }
}
