package dev.keel.kernel.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.osgi.service.log.Logger;

/**
 * Who may log in: any user name with a key from {@code data/ssh/authorized_keys}
 * (the generated client key), and the users of {@code etc/keel.users}, each line
 * {@code USER CREDENTIAL} where the credential is a public key in OpenSSH form or
 * a {@link PasswordHash}. Both files are read on every attempt, so edits apply at once.
 */
final class SshAuthenticator implements PublickeyAuthenticator, PasswordAuthenticator {

    /** One line of the users file. */
    record User(String name, String credential) {
        boolean isPassword() {
            return credential.startsWith(PasswordHash.PREFIX);
        }
    }

    private final Path authorizedKeys;
    private final Path usersFile;
    private final Logger log;

    SshAuthenticator(Path authorizedKeys, Path usersFile, Logger log) {
        this.authorizedKeys = authorizedKeys;
        this.usersFile = usersFile;
        this.log = log;
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        for (String line : lines(authorizedKeys)) {
            if (matches(line, key)) {
                return true;
            }
        }
        for (User u : users()) {
            if (u.name().equals(username) && !u.isPassword() && matches(u.credential(), key)) {
                return true;
            }
        }
        log.warn("SSH: public key refused for user {} from {}", username, from(session));
        return false;
    }

    @Override
    public boolean authenticate(String username, String password, ServerSession session) {
        for (User u : users()) {
            if (u.name().equals(username) && u.isPassword() && PasswordHash.verify(password, u.credential())) {
                return true;
            }
        }
        log.warn("SSH: password refused for user {} from {}", username, from(session));
        return false;
    }

    private boolean matches(String keyLine, PublicKey key) {
        try {
            PublicKey allowed = AuthorizedKeyEntry.parseAuthorizedKeyEntry(keyLine)
                    .resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
            return allowed != null && KeyUtils.compareKeys(allowed, key);
        } catch (IOException | java.security.GeneralSecurityException | IllegalArgumentException e) {
            log.warn("SSH: ignoring an unreadable key '{}': {}", abbreviate(keyLine), SshShell.oneLine(e));
            return false;
        }
    }

    List<User> users() {
        return parseUsers(lines(usersFile));
    }

    static List<User> parseUsers(List<String> lines) {
        List<User> users = new ArrayList<>();
        for (String line : lines) {
            String[] parts = line.strip().split("\\s+", 2);
            if (parts.length == 2) {
                users.add(new User(parts[0], parts[1].strip()));
            }
        }
        return users;
    }

    /** The non-blank, non-comment lines of a file; none when it does not exist. */
    private List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank() && !l.strip().startsWith("#")).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            log.error("SSH: cannot read {}: {}", file, SshShell.oneLine(e));
            return List.of();
        }
    }

    private static Object from(ServerSession session) {
        return session == null ? "?" : session.getClientAddress();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
