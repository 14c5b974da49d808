package dev.keel.kernel.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstAdminTest {

    @TempDir
    Path dir;

    private final PasswordsImpl passwords = new PasswordsImpl();

    @Test
    void addsAdminWithAGeneratedPasswordStoredHashedInAnOwnerOnlyFile() throws Exception {
        Files.createDirectories(dir.resolve("etc"));
        Path users = Files.writeString(dir.resolve("etc/keel.users"), "# comments stay\nalice viewer "
                + PasswordsImplTest.KNOWN + "\n");

        char[] password = FirstAdmin.ensure(users, passwords, new SecureRandom());

        assertEquals(20, password.length);
        List<String> lines = Files.readAllLines(users);
        assertEquals("# comments stay", lines.get(0));
        assertTrue(lines.get(2).startsWith("admin admin pbkdf2-sha256:210000:"), lines.toString());
        assertTrue(!String.join("\n", lines).contains(new String(password)), "only the hash is stored");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
        AccountsImpl accounts = new AccountsImpl(users, dir.resolve("none"), TestLoggers.collecting(new ArrayList<>()));
        assertEquals(Set.of("admin"), accounts.find("admin").orElseThrow().roles());
        assertTrue(passwords.verify(password, accounts.find("admin").orElseThrow().passwordHash().orElseThrow()));

        assertNull(FirstAdmin.ensure(users, passwords, new SecureRandom()), "once only");
        assertEquals(3, Files.readAllLines(users).size());
    }

    @Test
    void noFileYetAndAnExistingAdminLine() throws Exception {
        Path users = dir.resolve("etc/keel.users");
        char[] password = FirstAdmin.ensure(users, passwords, new SecureRandom());
        assertEquals(1, Files.readAllLines(users).size());

        Files.writeString(users, "admin viewer " + PasswordsImplTest.KNOWN + "\n");
        assertNull(FirstAdmin.ensure(users, passwords, new SecureRandom()), "an admin line of any kind is kept");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FirstAdmin.announce(new PrintStream(out, true, StandardCharsets.UTF_8), users, password);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("    " + new String(password) + "\n"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("bin/keel passwd admin"));
    }
}
