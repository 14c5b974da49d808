package dev.keel.kernel.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.keel.api.security.OperatorAccess.Admission;
import dev.keel.api.security.OperatorAccess.Outcome;
import dev.keel.api.security.Passwords;
import dev.keel.api.security.Roles;

class OperatorAccessImplTest {

    private static final String CONSOLE = "/system/console/bundles";
    /** The most remembered pairs in these tests (the component's is {@link OperatorAccessImpl#REMEMBERED_MAX}). */
    private static final int BOUND = 10;

    @TempDir
    Path dir;

    private final List<String> audited = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final AtomicInteger verified = new AtomicInteger();
    private final MovingClock clock = new MovingClock();
    private Path users;
    private OperatorAccessImpl access;

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-12-02T06:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        // both with password "s3cret" (PasswordsImplTest.KNOWN)
        users = Files.writeString(dir.resolve("keel.users"), "ada admin " + PasswordsImplTest.KNOWN + "\n"
                + "vic viewer " + PasswordsImplTest.KNOWN + "\n");
        PasswordsImpl real = new PasswordsImpl();
        Passwords counting = new Passwords() {
            @Override
            public String hash(char[] password) {
                return real.hash(password);
            }

            @Override
            public boolean verify(char[] password, String hash) {
                verified.incrementAndGet();
                return real.verify(password, hash);
            }
        };
        access = new OperatorAccessImpl(new AccountsImpl(users, dir.resolve("none"), TestLoggers.collecting(warnings)),
                counting, new LoginGuardImpl(LoginGuardImplTest.config(1000, 3, 1000)), FakeHttp.authenticator(),
                TestLoggers.collecting(warnings), clock,
                (who, action, target, details, result) -> audited.add(who.subject() + " " + who.via() + " "
                        + who.from() + " " + action + " " + target + " " + result), BOUND);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Admission get(String authorization) {
        return access.admit(authorization, Roles.ADMIN, "webconsole", "10.0.0.7", "GET", CONSOLE);
    }

    @Test
    void noCredentialsAskForThemAndAuditNothing() {
        Admission a = get(null);
        assertEquals(Outcome.UNAUTHENTICATED, a.outcome());
        assertTrue(a.detail().contains("admin"), a.detail());
        assertEquals(Outcome.UNAUTHENTICATED, get("  ").outcome());
        assertEquals(List.of(), audited);
    }

    @Test
    void anAdminsPasswordIsALoginOnceThenRemembered() {
        Admission first = get(basic("ada", "s3cret"));
        assertEquals(Outcome.ADMITTED, first.outcome());
        assertEquals("ada", first.caller().subject());
        assertTrue(first.caller().hasRole(Roles.VIEWER), "implied roles");
        assertEquals(List.of("ada http 10.0.0.7 login webconsole ok"), audited);

        for (int i = 0; i < 5; i++) {
            assertEquals(Outcome.ADMITTED, get(basic("ada", "s3cret")).outcome());
        }
        assertEquals(1, verified.get(), "the password is checked once, not on every request");
        assertEquals(1, audited.size(), "reads are not audited");

        clock.now = clock.now.plus(OperatorAccessImpl.REMEMBER);
        assertEquals(Outcome.ADMITTED, get(basic("ada", "s3cret")).outcome());
        assertEquals(2, verified.get(), "checked again once the pair is no longer remembered");
        assertEquals(2, audited.size());
    }

    @Test
    void aChangedPasswordEndsTheRememberedPairAtOnce() throws Exception {
        assertEquals(Outcome.ADMITTED, get(basic("ada", "s3cret")).outcome());
        Files.writeString(users, "ada admin " + new PasswordsImpl().hash("n3w".toCharArray()) + "\n");
        assertEquals(Outcome.UNAUTHENTICATED, get(basic("ada", "s3cret")).outcome());
        assertEquals(Outcome.ADMITTED, get(basic("ada", "n3w")).outcome());

        Files.writeString(users, "ada viewer " + PasswordsImplTest.KNOWN + "\n");
        Admission demoted = get(basic("ada", "s3cret"));
        assertEquals(Outcome.FORBIDDEN, demoted.outcome(), "roles are read from the file on each request");
    }

    @Test
    void aViewerIsForbiddenAndAudited() {
        Admission a = get(basic("vic", "s3cret"));
        assertEquals(Outcome.FORBIDDEN, a.outcome());
        assertEquals("vic", a.caller().subject());
        assertEquals("vic http 10.0.0.7 webconsole.request GET " + CONSOLE + " refused: needs the role admin",
                audited.get(audited.size() - 1));
    }

    @Test
    void wrongPasswordsAreRefusedAuditedAndLockTheAccountOut() {
        for (int i = 0; i < 3; i++) {
            Admission a = get(basic("ada", "guess" + i));
            assertEquals(Outcome.UNAUTHENTICATED, a.outcome());
            assertEquals("wrong user name or password", a.detail());
        }
        assertEquals("ada http 10.0.0.7 login webconsole refused: wrong user name or password", audited.get(0));
        int checks = verified.get();
        Admission locked = get(basic("ada", "s3cret"));
        assertEquals(Outcome.LIMITED, locked.outcome());
        assertTrue(locked.retryAfter().compareTo(Duration.ZERO) > 0);
        assertEquals(checks, verified.get(), "a locked out login does not check the password");
        assertEquals("ada http 10.0.0.7 login webconsole refused: rate limited", audited.get(audited.size() - 1));

        Admission unknown = get(basic("nobody", "s3cret"));
        assertEquals("wrong user name or password", unknown.detail(), "an unknown user reads the same");
        assertEquals(Outcome.UNAUTHENTICATED, get("Basic %%%").outcome());
        assertEquals(Outcome.UNAUTHENTICATED, get(basic("", "x")).outcome());
    }

    @Test
    void bearerTokensAsAdminVerifiesThem() {
        assertEquals(Outcome.ADMITTED, get("Bearer admin").outcome());
        assertEquals(Outcome.FORBIDDEN, get("Bearer operator").outcome());
        Admission bad = get("Bearer bad");
        assertEquals(Outcome.UNAUTHENTICATED, bad.outcome());
        assertTrue(bad.detail().startsWith("the token is not valid"), bad.detail());
        assertTrue(audited.get(audited.size() - 1).endsWith("refused: invalid token"), audited.toString());
    }

    @Test
    void admittedChangesAreAudited() {
        Admission a = access.admit(basic("ada", "s3cret"), Roles.ADMIN, "webconsole", "10.0.0.7", "POST",
                "/system/console/bundles/12");
        assertEquals(Outcome.ADMITTED, a.outcome());
        assertEquals("ada http 10.0.0.7 webconsole.request POST /system/console/bundles/12 ok",
                audited.get(audited.size() - 1));
    }

    @Test
    void rememberedPairsAreBounded() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= BOUND; i++) {
            many.append("op").append(i).append(" admin ").append(PasswordsImplTest.KNOWN).append('\n');
        }
        Files.writeString(users, many);
        for (int i = 0; i <= BOUND; i++) {
            assertEquals(Outcome.ADMITTED, access.admit(basic("op" + i, "s3cret"), Roles.ADMIN, "webconsole",
                    "10.0." + (i / 200) + "." + (i % 200), "GET", CONSOLE).outcome());
            assertTrue(access.rememberedCount() <= BOUND);
        }
        assertEquals(1, access.rememberedCount(), "full: the (unexpired) pairs were dropped, the last one kept");
    }
}
