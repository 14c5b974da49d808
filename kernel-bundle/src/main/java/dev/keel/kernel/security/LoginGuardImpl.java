package dev.keel.kernel.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.keel.api.security.LoginGuard;
import dev.keel.api.security.LoginRefusedException;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

/**
 * Login attempts for every way in: a Resilience4j rate limiter per address, and
 * lockout after repeated failures per account and per address, each further
 * failure doubling the lockout (exponential back-off) up to a maximum.
 */
@Component(service = LoginGuard.class, configurationPid = LoginGuardImpl.PID)
@Designate(ocd = LoginGuardImpl.Config.class)
public final class LoginGuardImpl implements LoginGuard {

    /** Configuration PID: {@code etc/keel.security.login.cfg}. */
    public static final String PID = "keel.security.login";
    /** Accounts and addresses remembered at most (the least recently seen are forgotten first). */
    static final int MAX_TRACKED = 100_000;

    /** Login limits. */
    @ObjectClassDefinition(name = "Keel login limits", description = "Rate limits and lockout for logins "
            + "(SSH, POST /auth/token, the business plugins' logins), per account and per client address.")
    public @interface Config {
        @AttributeDefinition(name = "Attempts per address", min = "1",
                description = "Login attempts one client address may make per period (Resilience4j RateLimiter).")
        int address_attempts() default 100;

        @AttributeDefinition(name = "Period", min = "1", description = "The rate limiter's period, in seconds.")
        int address_period_s() default 60;

        @AttributeDefinition(name = "Failures before lockout (account)", min = "1",
                description = "Consecutive failed logins of one account that lock it out.")
        int account_failures() default 5;

        @AttributeDefinition(name = "Failures before lockout (address)", min = "1",
                description = "Failed logins from one address, any account, that lock the address out.")
        int address_failures() default 20;

        @AttributeDefinition(name = "First lockout", min = "1", description = "Seconds of the first lockout; "
                + "each further failure doubles it.")
        int lockout_s() default 10;

        @AttributeDefinition(name = "Longest lockout", min = "1", description = "Seconds the lockout grows to at "
                + "most; failures older than this are forgotten.")
        int max_lockout_s() default 900;
    }

    /** Failures of one account or address since its last success (or since they were forgotten). */
    private static final class Failures {
        int count;
        Instant last = Instant.EPOCH;
        Instant lockedUntil = Instant.EPOCH;
    }

    private final Clock clock;
    private final Map<String, Failures> failures = lru();
    private final Map<String, RateLimiter> limiters = lru();
    private volatile Config config;

    @Activate
    public LoginGuardImpl(Config config) {
        this(config, Clock.systemUTC());
    }

    LoginGuardImpl(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Modified
    void modified(Config changed) {
        this.config = changed;
        synchronized (limiters) {
            limiters.clear(); // new limits for every address from now on
        }
    }

    @Override
    public void before(String account, String address) {
        Instant now = clock.instant();
        Duration locked = max(lockedFor(accountKey(account), now), lockedFor(addressKey(address), now));
        if (!locked.isZero()) {
            throw new LoginRefusedException("too many failed logins; locked out", locked);
        }
        RateLimiter limiter = limiter(String.valueOf(address));
        if (!limiter.acquirePermission()) {
            // the limiter's own wait is in its private package: its period is the bound that is known
            throw new LoginRefusedException("too many login attempts from this address",
                    Duration.ofSeconds(config.address_period_s()));
        }
    }

    @Override
    public void failed(String account, String address) {
        Config c = config;
        Instant now = clock.instant();
        fail(accountKey(account), c.account_failures(), now, c);
        fail(addressKey(address), c.address_failures(), now, c);
    }

    @Override
    public void succeeded(String account, String address) {
        synchronized (failures) {
            failures.remove(accountKey(account));
        }
    }

    private void fail(String key, int threshold, Instant now, Config c) {
        synchronized (failures) {
            Failures f = failures.computeIfAbsent(key, k -> new Failures());
            if (Duration.between(f.last, now).getSeconds() > c.max_lockout_s()) {
                f.count = 0; // old failures are forgotten
            }
            f.count++;
            f.last = now;
            if (f.count >= threshold) {
                f.lockedUntil = now.plus(lockout(f.count - threshold, c));
            }
        }
    }

    /** The lockout after the n-th failure past the threshold (0 for the first): doubling, capped. */
    static Duration lockout(int beyond, Config c) {
        long seconds = c.lockout_s() * (1L << Math.min(beyond, 30));
        return Duration.ofSeconds(Math.min(Math.max(seconds, 1), c.max_lockout_s()));
    }

    private Duration lockedFor(String key, Instant now) {
        synchronized (failures) {
            Failures f = failures.get(key);
            if (f == null || !f.lockedUntil.isAfter(now)) {
                return Duration.ZERO;
            }
            Duration left = Duration.between(now, f.lockedUntil);
            return left.getNano() == 0 ? left : Duration.ofSeconds(left.getSeconds() + 1);
        }
    }

    private RateLimiter limiter(String address) {
        Config c = config;
        synchronized (limiters) {
            return limiters.computeIfAbsent(address, a -> RateLimiter.of("login " + a, RateLimiterConfig.custom()
                    .limitForPeriod(c.address_attempts())
                    .limitRefreshPeriod(Duration.ofSeconds(c.address_period_s()))
                    .timeoutDuration(Duration.ZERO)
                    .build()));
        }
    }

    private static String accountKey(String account) {
        return "account " + account;
    }

    private static String addressKey(String address) {
        return "address " + address;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_TRACKED;
            }
        };
    }
}
