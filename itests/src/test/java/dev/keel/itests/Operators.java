package dev.keel.itests;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.keel.api.security.Passwords;

/**
 * Operators for pax-exam tests: a user of {@code etc/keel.users} (the one
 * users file of HTTP and SSH) with a password hashed by the kernel's
 * {@link Passwords}, and the token {@code POST /auth/token} gives them.
 */
public final class Operators {

    /** The password every test operator gets. */
    public static final String PASSWORD = "operator's long password";

    private Operators() {
    }

    /** Adds {@code user} with {@code roles} (comma-separated) to {@code etc/keel.users} and logs them in. */
    public static String token(KeelTest test, Passwords passwords, String user, String roles) {
        Path users = usersFile(test);
        String line = user + " " + roles + " " + passwords.hash(PASSWORD.toCharArray()) + "\n";
        try {
            Files.createDirectories(users.getParent());
            String before = Files.exists(users) ? Files.readString(users) : "";
            Path tmp = users.resolveSibling(".keel.users.tmp");
            Files.writeString(tmp, before + line);
            Files.move(tmp, users, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Api.Reply r = test.api().anonymous().post("/auth/token", Map.of("username", user, "password", PASSWORD));
        assertEquals(r.toString(), 200, r.status());
        return r.json().get("token").asText();
    }

    /** The users file the kernel reads. */
    static Path usersFile(KeelTest test) {
        return Path.of(test.context.getProperty("felix.fileinstall.dir"), "keel.users");
    }
}
