package dev.keel.kernel.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import dev.keel.api.security.Caller;
import dev.keel.api.security.LoginGuard;
import dev.keel.api.security.OperatorAccess;
import dev.keel.api.security.Passwords;
import dev.keel.api.security.Roles;
import dev.keel.kernel.util.LogText;

/**
 * The {@link OperatorAccess} of surfaces outside the kernel's own (the Felix Web Console): HTTP Basic checked as
 * {@code POST /auth/token} checks a password (same users, hashing, limits, audit), or a bearer token as
 * {@code /admin} verifies it. A verified Basic pair is remembered by an HMAC of it (never the password) for
 * {@link #REMEMBER}, while the user's password hash stays the same, so the requests a browser repeats it with do not
 * each cost a key derivation and a login attempt.
 */
@Component(service = OperatorAccess.class)
public final class OperatorAccessImpl implements OperatorAccess {

    /** How long a verified Basic pair is taken without checking the password again. */
    static final Duration REMEMBER = Duration.ofMinutes(5);
    /** The most pairs remembered; past it the expired ones go, and if that is not enough, all. */
    static final int REMEMBERED_MAX = 1_000;
    private static final int MAX_NAME = 200;
    private static final int MAX_HEADER = 16 * 1024;
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final Accounts accounts;
    private final PasswordCheck check;
    private final Authenticator authenticator;
    private final Logger log;
    private final Clock clock;
    private final SecretKeySpec key;
    private final int rememberedMax;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Audit audit;

    /** A verified pair: whose, checked against which hash, until when. */
    private record Remembered(String user, String passwordHash, Instant until) {
    }

    @Activate
    public OperatorAccessImpl(@Reference Accounts accounts, @Reference Passwords passwords,
            @Reference LoginGuard guard, @Reference Authenticator authenticator,
            @Reference(service = LoggerFactory.class) Logger log) {
        this(accounts, passwords, guard, authenticator, log, Clock.systemUTC(), null, REMEMBERED_MAX);
    }

    OperatorAccessImpl(Accounts accounts, Passwords passwords, LoginGuard guard, Authenticator authenticator,
            Logger log, Clock clock, Audit audit, int rememberedMax) {
        this.rememberedMax = rememberedMax;
        this.accounts = accounts;
        this.check = new PasswordCheck(accounts, passwords, guard);
        this.authenticator = authenticator;
        this.log = log;
        this.clock = clock;
        this.audit = audit;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    @Override
    public Admission admit(String authorization, String role, String surface, String address, String method,
            String path) {
        String target = method + " " + path;
        if (authorization == null || authorization.isBlank()) {
            return refusal(Outcome.UNAUTHENTICATED, "log in as an operator with the role " + role);
        }
        String header = authorization.strip();
        if (header.length() > MAX_HEADER) {
            return refusal(Outcome.UNAUTHENTICATED, "the Authorization header is too long");
        }
        Admission who = header.regionMatches(true, 0, "Basic ", 0, 6)
                ? basic(header.substring(6).strip(), surface, address)
                : bearer(header, surface, address, target);
        if (who.outcome() != Outcome.ADMITTED) {
            return who;
        }
        Caller caller = who.caller();
        if (!caller.hasRole(role)) {
            audit(caller.subject(), address, surface + ".request", target, Map.of(), "refused: needs the role " + role);
            return new Admission(Outcome.FORBIDDEN, caller, "this needs the role " + role, Duration.ZERO);
        }
        if (!READS.contains(method.toUpperCase(Locale.ROOT))) {
            audit(caller.subject(), address, surface + ".request", target, Map.of(), "ok");
        }
        return who;
    }

    private Admission bearer(String header, String surface, String address, String target) {
        try {
            return admitted(authenticator.authenticate(header));
        } catch (InvalidTokenException e) {
            audit("", address, "login", surface, Map.of("path", target), "refused: invalid token");
            return refusal(Outcome.UNAUTHENTICATED, "the token is not valid: " + e.getMessage());
        }
    }

    /** A Basic pair: a remembered one, else its password checked as a login. */
    private Admission basic(String credentials, String surface, String address) {
        Optional<Caller> known = remembered(credentials);
        if (known.isPresent()) {
            return admitted(known.get());
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return refusal(Outcome.UNAUTHENTICATED, "the Basic credentials are not Base64");
        }
        int colon = pair.indexOf(':');
        String username = colon < 0 ? pair : pair.substring(0, colon);
        if (colon < 0 || username.isBlank() || username.length() > MAX_NAME) {
            return refusal(Outcome.UNAUTHENTICATED, "send a user name and a password");
        }
        PasswordCheck.Result login = check.check(username, pair.substring(colon + 1), address);
        if (login.limited()) {
            audit(username, address, "login", surface, Map.of(), "refused: rate limited");
            return new Admission(Outcome.LIMITED, Caller.ANONYMOUS, "too many login attempts; try again later",
                    login.retryAfter());
        }
        if (!login.ok()) {
            audit(username, address, "login", surface, Map.of(), "refused: wrong user name or password");
            return refusal(Outcome.UNAUTHENTICATED, "wrong user name or password");
        }
        Accounts.Account account = login.account();
        audit(account.name(), address, "login", surface, Map.of(), "ok");
        log.info("operator {} logged in to {} from {}", LogText.escape(account.name()), LogText.escape(surface),
                LogText.escape(address));
        remember(credentials, new Remembered(account.name(), account.passwordHash().orElseThrow(),
                clock.instant().plus(REMEMBER)));
        return admitted(caller(account));
    }

    /** The caller of a pair verified less than {@link #REMEMBER} ago whose user's hash is still the same. */
    private Optional<Caller> remembered(String credentials) {
        String id = id(credentials);
        Remembered r = remembered.get(id);
        if (r == null) {
            return Optional.empty();
        }
        Optional<Accounts.Account> account = clock.instant().isBefore(r.until()) ? accounts.find(r.user())
                : Optional.empty();
        if (account.isEmpty() || !account.get().passwordHash().equals(Optional.of(r.passwordHash()))) {
            remembered.remove(id, r);
            return Optional.empty();
        }
        return Optional.of(caller(account.get()));
    }

    private void remember(String credentials, Remembered r) {
        if (remembered.size() >= rememberedMax) {
            Instant now = clock.instant();
            remembered.values().removeIf(e -> !now.isBefore(e.until()));
            if (remembered.size() >= rememberedMax) {
                remembered.clear();
            }
        }
        remembered.put(id(credentials), r);
    }

    /** How many pairs are remembered (for tests). */
    int rememberedCount() {
        return remembered.size();
    }

    private String id(String credentials) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(credentials.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static Caller caller(Accounts.Account account) {
        return new Caller(account.name(), Roles.implied(account.roles()), Map.of(), "keel");
    }

    private static Admission admitted(Caller caller) {
        return new Admission(Outcome.ADMITTED, caller, "", Duration.ZERO);
    }

    private static Admission refusal(Outcome outcome, String detail) {
        return new Admission(outcome, Caller.ANONYMOUS, detail, Duration.ZERO);
    }

    private void audit(String who, String address, String action, String target, Map<String, String> details,
            String result) {
        Audit a = audit;
        if (a != null) {
            a.record(new Audit.Actor(who, "http", address), action, target, details, result);
        }
    }
}
