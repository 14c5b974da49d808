package dev.keel.kernel.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.keel.kernel.security.AccountsImpl;
import dev.keel.kernel.security.LoginGuardImpl;
import dev.keel.kernel.security.LoginGuardImplTest;
import dev.keel.kernel.security.PasswordsImpl;
import dev.keel.kernel.security.PasswordsImplTest;
import dev.keel.kernel.security.TestLoggers;

class SshAuthenticatorTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();
    private final List<String> audited = new ArrayList<>();

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    private SshAuthenticator authenticator(Path users, Path authorized, int failuresBeforeLockout) {
        return new SshAuthenticator(new AccountsImpl(users, authorized, TestLoggers.collecting(warnings)),
                new PasswordsImpl(), new LoginGuardImpl(LoginGuardImplTest.config(1000, failuresBeforeLockout, 1000)),
                new SshAudit((who, action, target, details, result) -> audited.add(who.subject() + " " + action + " "
                        + result + " " + details.get("reason"))), TestLoggers.collecting(warnings));
    }

    @Test
    void theClientKeyOnlyForAdminAndUserKeysOnlyForTheirUser() throws Exception {
        KeyPair client = keyPair();
        KeyPair bob = keyPair();
        KeyPair stranger = keyPair();
        Path authorized = Files.writeString(dir.resolve("authorized_keys"),
                "# generated\n" + PublicKeyEntry.toString(client.getPublic()) + " keel-client\n");
        Path users = Files.writeString(dir.resolve("keel.users"),
                "bob viewer " + PublicKeyEntry.toString(bob.getPublic()) + "\n");
        SshAuthenticator auth = authenticator(users, authorized, 5);

        assertTrue(auth.authenticate("admin", client.getPublic(), null));
        // before: any user name was let in with the client key (issue 12); now only the user it belongs to
        assertFalse(auth.authenticate("anyone", client.getPublic(), null));
        assertFalse(auth.authenticate("keel", client.getPublic(), null));
        assertTrue(auth.authenticate("bob", bob.getPublic(), null));
        assertFalse(auth.authenticate("alice", bob.getPublic(), null));
        assertFalse(auth.authenticate("admin", stranger.getPublic(), null));
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("SSH: publickey login refused for user 'alice'")),
                warnings.toString());
        assertTrue(audited.contains("alice login refused the key belongs to another user"), audited.toString());
    }

    @Test
    void passwordsOnlyForUsersWithAPasswordHashAndARole() throws Exception {
        Path users = Files.writeString(dir.resolve("keel.users"), "alice viewer " + PasswordsImplTest.KNOWN + "\n"
                + "bob viewer " + PublicKeyEntry.toString(keyPair().getPublic()) + "\n");
        SshAuthenticator auth = authenticator(users, dir.resolve("missing"), 100);

        assertTrue(auth.authenticate("alice", "s3cret", null));
        assertFalse(auth.authenticate("alice", "guess", null));
        assertFalse(auth.authenticate("bob", "s3cret", null));
        assertFalse(auth.authenticate("keel", "s3cret", null));
    }

    @Test
    void lockedOutAfterFailedPasswordsEvenWithTheRightOne() throws Exception {
        Path users = Files.writeString(dir.resolve("keel.users"), "alice viewer " + PasswordsImplTest.KNOWN + "\n");
        SshAuthenticator auth = authenticator(users, dir.resolve("missing"), 3);
        for (int i = 0; i < 3; i++) {
            assertFalse(auth.authenticate("alice", "guess" + i, null));
        }
        assertFalse(auth.authenticate("alice", "s3cret", null));
        assertTrue(warnings.get(warnings.size() - 1).contains("locked out"), warnings.toString());
        assertEquals(4, audited.size(), audited.toString());
    }

    @Test
    void aUserNameWithANewlineCannotForgeALogLine() throws Exception {
        SshAuthenticator auth = authenticator(dir.resolve("nobody"), dir.resolve("none"), 100);

        assertFalse(auth.authenticate("x\n2026-12-01 INFO SSH: login of admin", "pw", null));
        String line = warnings.get(warnings.size() - 1);
        assertFalse(line.contains("\n"), line);
        assertTrue(line.contains("'x\\n2026-12-01 INFO SSH: login of admin'"), line);
    }

    @Test
    void noFilesNoAccess() throws Exception {
        SshAuthenticator auth = authenticator(dir.resolve("nobody"), dir.resolve("none"), 100);

        assertFalse(auth.authenticate("keel", keyPair().getPublic(), null));
        assertFalse(auth.authenticate("keel", "", null));
    }
}
