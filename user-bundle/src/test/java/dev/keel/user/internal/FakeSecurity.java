package dev.keel.user.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import dev.keel.api.security.IssuedToken;
import dev.keel.api.security.LoginGuard;
import dev.keel.api.security.LoginRefusedException;
import dev.keel.api.security.Passwords;
import dev.keel.api.security.TokenIssuer;

/** Recording stand-ins for the kernel's security services (the real ones are tested in the kernel and the ITs). */
final class FakeSecurity {

    private FakeSecurity() {
    }

    /** A stand-in hash (never the plain text); counts hashing and records every verify, null hashes included. */
    static final class FakePasswords implements Passwords {
        final List<String> verified = new ArrayList<>();
        int hashed;

        @Override
        public String hash(char[] password) {
            hashed++;
            return encode(password);
        }

        @Override
        public boolean verify(char[] password, String hash) {
            verified.add(hash);
            return hash != null && hash.equals(encode(password));
        }

        static String encode(char[] password) {
            return "fake$" + Base64.getEncoder().encodeToString(new String(password).getBytes()) + "$salt";
        }
    }

    /** A logger that drops everything. */
    static org.osgi.service.log.Logger quietLog() {
        return (org.osgi.service.log.Logger) java.lang.reflect.Proxy.newProxyInstance(
                FakeSecurity.class.getClassLoader(), new Class<?>[] {org.osgi.service.log.Logger.class},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? false : null);
    }

    /** Records calls; refuses every {@link #before} once {@link #refuse} is set. */
    static final class FakeGuard implements LoginGuard {
        final List<String> calls = new ArrayList<>();
        Duration refuse;

        @Override
        public void before(String account, String address) {
            calls.add("before " + account + " " + address);
            if (refuse != null) {
                throw new LoginRefusedException("too many attempts", refuse);
            }
        }

        @Override
        public void failed(String account, String address) {
            calls.add("failed " + account + " " + address);
        }

        @Override
        public void succeeded(String account, String address) {
            calls.add("succeeded " + account + " " + address);
        }
    }

    /** Issues "token-for-SUBJECT", valid for an hour; records the roles asked. */
    static final class FakeTokens implements TokenIssuer {
        final List<Set<String>> roles = new ArrayList<>();

        @Override
        public IssuedToken issue(String subject, Set<String> granted) {
            roles.add(granted);
            return new IssuedToken("token-for-" + subject, Instant.parse("2030-01-01T00:00:00Z"));
        }
    }
}
