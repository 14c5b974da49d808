package dev.keel.kernel.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

class SshAuthenticatorTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private final Logger log = (Logger) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Logger.class},
            (proxy, method, args) -> {
                if (method.getName().equals("warn") || method.getName().equals("error")) {
                    warnings.add(String.valueOf(args[0]));
                }
                return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
            });

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    @Test
    void usersFileLinesAreUserAndCredential() {
        List<SshAuthenticator.User> users = SshAuthenticator.parseUsers(List.of(
                "alice pbkdf2-sha256:1:AA==:AA==", "  bob   ecdsa-sha2-nistp256 AAAA bob@laptop ", "lonely"));

        assertEquals(List.of(new SshAuthenticator.User("alice", "pbkdf2-sha256:1:AA==:AA=="),
                new SshAuthenticator.User("bob", "ecdsa-sha2-nistp256 AAAA bob@laptop")), users);
        assertTrue(users.get(0).isPassword());
        assertFalse(users.get(1).isPassword());
    }

    @Test
    void acceptsAuthorizedKeysForAnyUserAndUserKeysOnlyForTheirUser() throws Exception {
        KeyPair client = keyPair();
        KeyPair bob = keyPair();
        KeyPair stranger = keyPair();
        Path authorized = Files.writeString(dir.resolve("authorized_keys"),
                "# generated\n" + PublicKeyEntry.toString(client.getPublic()) + " keel-client\n");
        Path users = Files.writeString(dir.resolve("keel.users"), "bob " + PublicKeyEntry.toString(bob.getPublic()) + "\n");
        SshAuthenticator auth = new SshAuthenticator(authorized, users, log);

        assertTrue(auth.authenticate("keel", client.getPublic(), null));
        assertTrue(auth.authenticate("anyone", client.getPublic(), null));
        assertTrue(auth.authenticate("bob", bob.getPublic(), null));
        assertFalse(auth.authenticate("alice", bob.getPublic(), null));
        assertFalse(auth.authenticate("keel", stranger.getPublic(), null));
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("SSH: public key refused")), warnings.toString());
    }

    @Test
    void passwordsOnlyForUsersWithAPasswordHash() throws Exception {
        Path users = Files.writeString(dir.resolve("keel.users"), "alice " + PasswordHashTest.KNOWN + "\n"
                + "bob " + PublicKeyEntry.toString(keyPair().getPublic()) + "\n");
        SshAuthenticator auth = new SshAuthenticator(dir.resolve("missing"), users, log);

        assertTrue(auth.authenticate("alice", "s3cret", null));
        assertFalse(auth.authenticate("alice", "guess", null));
        assertFalse(auth.authenticate("bob", "s3cret", null));
        assertFalse(auth.authenticate("keel", "s3cret", null));
    }

    @Test
    void noFilesNoAccess() throws Exception {
        SshAuthenticator auth = new SshAuthenticator(dir.resolve("none"), dir.resolve("nobody"), log);

        assertFalse(auth.authenticate("keel", keyPair().getPublic(), null));
        assertFalse(auth.authenticate("keel", "", null));
    }
}
