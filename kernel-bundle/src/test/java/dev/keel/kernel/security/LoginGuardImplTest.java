package dev.keel.kernel.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.keel.api.security.LoginRefusedException;

public class LoginGuardImplTest {

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    public static LoginGuardImpl.Config config(int attempts, int accountFailures, int addressFailures) {
        return new LoginGuardImpl.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LoginGuardImpl.Config.class;
            }

            @Override
            public int address_attempts() {
                return attempts;
            }

            @Override
            public int address_period_s() {
                return 3600;
            }

            @Override
            public int account_failures() {
                return accountFailures;
            }

            @Override
            public int address_failures() {
                return addressFailures;
            }

            @Override
            public int lockout_s() {
                return 10;
            }

            @Override
            public int max_lockout_s() {
                return 60;
            }
        };
    }

    private final MovingClock clock = new MovingClock();

    @Test
    void locksAnAccountOutAfterNFailuresWithDoublingBackOff() {
        LoginGuardImpl guard = new LoginGuardImpl(config(1000, 3, 1000), clock);
        for (int i = 0; i < 3; i++) {
            guard.before("alice", "10.0.0." + i);
            guard.failed("alice", "10.0.0." + i);
        }
        LoginRefusedException locked = assertThrows(LoginRefusedException.class, () -> guard.before("alice", "10.9.9.9"));
        assertEquals(Duration.ofSeconds(10), locked.retryAfter());
        assertTrue(!locked.getMessage().contains("alice"), "the message does not name the account");
        assertDoesNotThrow(() -> guard.before("bob", "10.9.9.9"), "other accounts are not locked");

        clock.advance(Duration.ofSeconds(10));
        guard.before("alice", "10.0.0.1");
        guard.failed("alice", "10.0.0.1"); // a fourth failure: twice as long
        assertEquals(Duration.ofSeconds(20),
                assertThrows(LoginRefusedException.class, () -> guard.before("alice", "10.0.0.1")).retryAfter());
        clock.advance(Duration.ofSeconds(20));
        guard.before("alice", "10.0.0.1");
        guard.failed("alice", "10.0.0.1");
        assertEquals(Duration.ofSeconds(40),
                assertThrows(LoginRefusedException.class, () -> guard.before("alice", "10.0.0.1")).retryAfter());
        clock.advance(Duration.ofSeconds(40));
        guard.before("alice", "10.0.0.1");
        guard.failed("alice", "10.0.0.1");
        assertEquals(Duration.ofSeconds(60), assertThrows(LoginRefusedException.class,
                () -> guard.before("alice", "10.0.0.1")).retryAfter(), "capped at the longest lockout");
    }

    @Test
    void aSuccessClearsTheAccountsFailures() {
        LoginGuardImpl guard = new LoginGuardImpl(config(1000, 3, 1000), clock);
        guard.failed("alice", "10.0.0.1");
        guard.failed("alice", "10.0.0.1");
        guard.succeeded("alice", "10.0.0.1");
        guard.failed("alice", "10.0.0.1");
        guard.failed("alice", "10.0.0.1");
        assertDoesNotThrow(() -> guard.before("alice", "10.0.0.1"));
    }

    @Test
    void oldFailuresAreForgotten() {
        LoginGuardImpl guard = new LoginGuardImpl(config(1000, 3, 1000), clock);
        guard.failed("alice", "10.0.0.1");
        guard.failed("alice", "10.0.0.1");
        clock.advance(Duration.ofSeconds(61));
        guard.failed("alice", "10.0.0.1");
        assertDoesNotThrow(() -> guard.before("alice", "10.0.0.1"));
    }

    @Test
    void anAddressTryingManyAccountsIsLockedOut() {
        LoginGuardImpl guard = new LoginGuardImpl(config(1000, 3, 4), clock);
        for (int i = 0; i < 4; i++) {
            guard.failed("user" + i, "10.0.0.1");
        }
        assertThrows(LoginRefusedException.class, () -> guard.before("user9", "10.0.0.1"));
        assertDoesNotThrow(() -> guard.before("user9", "10.0.0.2"));
    }

    @Test
    void theRateLimiterLimitsEveryAttemptPerAddress() {
        LoginGuardImpl guard = new LoginGuardImpl(config(3, 100, 100), clock);
        for (int i = 0; i < 3; i++) {
            guard.before("u" + i, "10.0.0.1");
            guard.succeeded("u" + i, "10.0.0.1");
        }
        LoginRefusedException limited = assertThrows(LoginRefusedException.class, () -> guard.before("u", "10.0.0.1"));
        assertEquals(Duration.ofSeconds(3600), limited.retryAfter());
        assertDoesNotThrow(() -> guard.before("u", "10.0.0.2"), "another address has its own allowance");
    }

    @Test
    void lockoutsDoubleFromTheFirstAndStopAtTheLongest() {
        LoginGuardImpl.Config c = config(1, 1, 1);
        assertEquals(Duration.ofSeconds(10), LoginGuardImpl.lockout(0, c));
        assertEquals(Duration.ofSeconds(40), LoginGuardImpl.lockout(2, c));
        assertEquals(Duration.ofSeconds(60), LoginGuardImpl.lockout(40, c));
    }
}
