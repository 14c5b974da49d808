package dev.keel.kernel.ssh;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.PublicKey;
import java.util.Optional;

import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.osgi.service.log.Logger;

import dev.keel.api.security.LoginGuard;
import dev.keel.api.security.LoginRefusedException;
import dev.keel.api.security.Passwords;
import dev.keel.kernel.security.Accounts;
import dev.keel.kernel.security.Accounts.Account;
import dev.keel.kernel.util.LogText;

/**
 * Who may log in: the operators of {@link Accounts} ({@code etc/keel.users}, and
 * user {@code admin} with the generated client key), a key only under the one
 * user it belongs to, a password against the user's hash, and only users with a
 * role. Every attempt passes the {@link LoginGuard} first (rate limit per address,
 * lockout per account); a refused password or a key offered under another user
 * counts as a failure. Logins and refusals go to the log and the audit trail.
 */
final class SshAuthenticator implements PublickeyAuthenticator, PasswordAuthenticator {

    private final Accounts accounts;
    private final Passwords passwords;
    private final LoginGuard guard;
    private final SshAudit audit;
    private final Logger log;

    SshAuthenticator(Accounts accounts, Passwords passwords, LoginGuard guard, SshAudit audit, Logger log) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.guard = guard;
        this.audit = audit;
        this.log = log;
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        String address = address(session);
        if (!allowed(username, address, "publickey")) {
            return false;
        }
        Optional<Account> owner = accounts.ownerOf(key);
        if (owner.isPresent() && owner.get().name().equals(username) && !owner.get().roles().isEmpty()) {
            guard.succeeded(username, address);
            return true;
        }
        if (owner.isPresent()) { // someone's key, offered under another name: suspicious, counts as a failure
            guard.failed(username, address);
        }
        // a key that belongs to nobody is not counted: OpenSSH offers every key it has before the right one
        refused(username, address, "publickey", owner.isPresent() ? "the key belongs to another user" : "unknown key");
        return false;
    }

    @Override
    public boolean authenticate(String username, String password, ServerSession session) {
        String address = address(session);
        if (!allowed(username, address, "password")) {
            return false;
        }
        Optional<Account> account = accounts.find(username);
        char[] given = password == null ? new char[0] : password.toCharArray();
        // an unknown user's check does the same work as a known one's (Passwords.verify with null)
        boolean ok = passwords.verify(given, account.flatMap(Account::passwordHash).orElse(null));
        java.util.Arrays.fill(given, '\0');
        if (ok && !account.get().roles().isEmpty()) {
            guard.succeeded(username, address);
            return true;
        }
        guard.failed(username, address);
        refused(username, address, "password", "wrong user or password");
        return false;
    }

    private boolean allowed(String username, String address, String method) {
        try {
            guard.before(username, address);
            return true;
        } catch (LoginRefusedException e) {
            refused(username, address, method, e.getMessage() + ", retry after " + e.retryAfter().toSeconds() + " s");
            return false;
        }
    }

    private void refused(String username, String address, String method, String why) {
        log.warn("SSH: {} login refused for user '{}' from {}: {}", method, LogText.escape(username), address, why);
        audit.refused(username, address, method, why);
    }

    /** The client's IP address, without the port: what the guard limits. */
    static String address(ServerSession session) {
        SocketAddress a = session == null ? null : session.getClientAddress();
        if (a instanceof InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return String.valueOf(a);
    }
}
