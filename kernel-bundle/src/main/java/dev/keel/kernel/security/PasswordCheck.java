package dev.keel.kernel.security;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import dev.keel.api.security.LoginGuard;
import dev.keel.api.security.LoginRefusedException;
import dev.keel.api.security.Passwords;

/**
 * An operator's user name and password, checked the one way every HTTP login does it ({@code POST /auth/token}, the
 * Web Console's Basic login): the login guard first (rate limit, lockout), then the password against the users
 * file with the same work for an unknown user as for a known one, the guard told the outcome, the password's
 * characters cleared. Callers audit and answer.
 */
final class PasswordCheck {

    /**
     * @param account the operator, when the password was right
     * @param retryAfter when the guard refused the attempt (rate limited, locked out): how long to wait; else null
     */
    record Result(Accounts.Account account, Duration retryAfter) {
        boolean ok() {
            return account != null;
        }

        boolean limited() {
            return retryAfter != null;
        }
    }

    private final Accounts accounts;
    private final Passwords passwords;
    private final LoginGuard guard;

    PasswordCheck(Accounts accounts, Passwords passwords, LoginGuard guard) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.guard = guard;
    }

    Result check(String username, String password, String address) {
        try {
            guard.before(username, address);
        } catch (LoginRefusedException e) {
            return new Result(null, e.retryAfter());
        }
        Optional<Accounts.Account> account = accounts.find(username);
        char[] secret = password.toCharArray();
        boolean ok;
        try {
            // an unknown user or one without a password: verify(null) does the same work and answers false
            ok = passwords.verify(secret, account.flatMap(Accounts.Account::passwordHash).orElse(null))
                    && account.isPresent();
        } finally {
            Arrays.fill(secret, '\0');
        }
        if (!ok) {
            guard.failed(username, address);
            return new Result(null, null);
        }
        guard.succeeded(username, address);
        return new Result(account.get(), null);
    }
}
