package dev.keel.kernel.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.keel.kernel.security.Accounts.Account;

class AccountsImplTest {

    private static final String HASH = PasswordsImplTest.KNOWN;

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private static PublicKey key() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair pair = g.generateKeyPair();
        return pair.getPublic();
    }

    private static String line(PublicKey key) {
        return PublicKeyEntry.toString(key);
    }

    private AccountsImpl accounts(String users, String authorized) throws Exception {
        Path u = Files.writeString(dir.resolve("keel.users"), users);
        Path a = authorized == null ? dir.resolve("none") : Files.writeString(dir.resolve("authorized_keys"), authorized);
        return new AccountsImpl(u, a, TestLoggers.collecting(warnings));
    }

    @Test
    void linesAreUserRolesCredential() throws Exception {
        PublicKey laptop = key();
        AccountsImpl accounts = accounts("# comment\n\nalice operator,tester " + HASH + "\n"
                + "  alice   viewer   " + line(laptop) + " alice@laptop \n", null);

        Account alice = accounts.find("alice").orElseThrow();
        assertEquals(Set.of("operator", "tester", "viewer"), alice.roles());
        assertEquals(Optional.of(HASH), alice.passwordHash());
        assertEquals(1, alice.keys().size());
        assertEquals(Optional.of("alice"), accounts.ownerOf(laptop).map(Account::name));
        assertEquals(Optional.empty(), accounts.find("bob"));
        assertEquals(Optional.empty(), accounts.find(null));
        assertEquals(Set.of("alice"), accounts.names());
    }

    @Test
    void malformedLinesAndUnknownRolesAreIgnoredAndLoggedOnce() throws Exception {
        AccountsImpl accounts = accounts("lonely\nold " + HASH + "\nroot superuser " + HASH + "\n"
                + "eve admin ssh-ed25519 notbase64\nbob viewer " + HASH + "\nodd viewer " + HASH + " trailing\n", null);

        assertEquals(Set.of("bob"), accounts.names());
        accounts.find("bob");
        assertEquals(5, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("lonely"), warnings.toString());
        assertNull(AccountsImpl.parse("x Admin " + HASH));
    }

    @Test
    void theGeneratedClientKeyBelongsToAdminOnly() throws Exception {
        PublicKey client = key();
        AccountsImpl accounts = accounts("alice viewer " + HASH + "\n", "# generated\n" + line(client) + " keel-client\n");

        Account admin = accounts.ownerOf(client).orElseThrow();
        assertEquals("admin", admin.name());
        assertEquals(Set.of("admin"), admin.roles());
        assertEquals(Optional.empty(), admin.passwordHash());
        assertTrue(accounts.find("admin").isPresent());
        assertEquals(Optional.empty(), accounts.find("alice").map(a -> a.keys().isEmpty() ? null : a));
    }

    @Test
    void aKeyListedUnderTwoUsersBelongsToNeither() throws Exception {
        PublicKey shared = key();
        PublicKey own = key();
        AccountsImpl accounts = accounts("alice viewer " + line(shared) + "\nbob operator " + line(shared) + "\n"
                + "bob operator " + line(own) + "\n", null);

        assertEquals(Optional.empty(), accounts.ownerOf(shared));
        assertTrue(accounts.find("alice").orElseThrow().keys().isEmpty());
        assertEquals(1, accounts.find("bob").orElseThrow().keys().size());
        assertEquals(Optional.of("bob"), accounts.ownerOf(own).map(Account::name));
    }

    @Test
    void theClientKeyListedUnderAnotherUserBelongsToNobody() throws Exception {
        PublicKey client = key();
        AccountsImpl accounts = accounts("mallory viewer " + line(client) + "\n", line(client) + " keel-client\n");

        assertEquals(Optional.empty(), accounts.ownerOf(client));
    }

    @Test
    void editsApplyAtOnceAndNoFileMeansNoAccounts() throws Exception {
        AccountsImpl accounts = accounts("alice viewer " + HASH + "\n", null);
        assertTrue(accounts.find("alice").isPresent());

        Files.writeString(dir.resolve("keel.users"), "carol admin " + HASH + "\n");
        assertFalse(accounts.find("alice").isPresent());
        assertTrue(accounts.find("carol").isPresent());

        Files.delete(dir.resolve("keel.users"));
        assertEquals(Set.of(), accounts.names());
        assertFalse(accounts.find("carol").isPresent());
    }
}
