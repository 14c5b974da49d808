package dev.keel.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswdTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int passwd(String stdin, String... args) {
        return Passwd.run(home, args, null, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void replacesThePasswordLineKeepsKeysAndRolesAndMakesTheFileOwnerOnly() throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.write(home.resolve("etc/keel.users"), List.of("# users", "alice operator pbkdf2-sha256:1:AA==:AA==",
                "alice operator ssh-ed25519 AAAAC3Nz alice@laptop", "bob viewer pbkdf2-sha256:1:AA==:AA=="));

        assertEquals(0, passwd("n3w pass\nignored\n", "alice"));

        List<String> lines = Files.readAllLines(home.resolve("etc/keel.users"));
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(1).startsWith("alice operator pbkdf2-sha256:210000:"), lines.toString());
        assertEquals("alice operator ssh-ed25519 AAAAC3Nz alice@laptop", lines.get(2));
        assertEquals("bob viewer pbkdf2-sha256:1:AA==:AA==", lines.get(3));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("etc/keel.users"))));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Password of alice (operator) set"));
    }

    @Test
    void newUsersNeedRolesExceptAdmin() throws Exception {
        assertEquals(KeelClient.USAGE, passwd("pw\n", "carol"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("new user"));
        assertEquals(0, passwd("pw\n", "carol", "viewer,tester"));
        assertEquals(0, passwd("pw\n", "admin"));

        List<String> lines = Files.readAllLines(home.resolve("etc/keel.users"));
        assertTrue(lines.get(0).startsWith("carol viewer,tester pbkdf2-sha256:"), lines.toString());
        assertTrue(lines.get(1).startsWith("admin admin pbkdf2-sha256:"), lines.toString());
    }

    @Test
    void refusesBadNamesRolesAndEmptyPasswords() {
        assertEquals(KeelClient.USAGE, passwd("pw\n", "eve\nadmin"));
        assertEquals(KeelClient.USAGE, passwd("pw\n", "eve", "root"));
        assertEquals(1, passwd("\n", "eve", "viewer"));
        assertEquals(KeelClient.USAGE, passwd("pw\n"));
        assertTrue(!Files.exists(home.resolve("etc/keel.users")));
    }
}
