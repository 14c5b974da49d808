package dev.keel.kernel.security;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import dev.keel.api.security.Caller;
import dev.keel.kernel.util.LogText;

/**
 * The {@link Authenticator}: reads {@code Authorization: Bearer <token>},
 * verifies the token with a {@link TokenVerifier} over Keel's own keys and,
 * when configured, the external issuer's, and keeps each verified token's
 * caller until the token expires (never a verdict on a token not verified).
 */
@Component(service = Authenticator.class, configurationPid = SecuritySettings.PID)
@Designate(ocd = SecuritySettings.Config.class)
public final class BearerAuthenticator implements Authenticator {

    /** The most verified tokens kept; past it the expired ones go, and if that is not enough, all. */
    static final int CACHE_LIMIT = 10_000;
    private static final int MAX_TOKEN_CHARS = 16 * 1024;

    private final SigningKeys keys;
    private final Clock clock;
    private final Logger log;
    private final Map<String, TokenVerifier.Verified> verified = new ConcurrentHashMap<>();
    private volatile Setup setup;

    /** The verifier of one configuration and the external keys it owns. */
    private record Setup(TokenVerifier verifier, ExternalKeys external) {
    }

    @Activate
    public BearerAuthenticator(SecuritySettings.Config config, @Reference SigningKeys keys,
            @Reference(service = LoggerFactory.class) Logger log) {
        this(SecuritySettings.of(config), keys, log, Clock.systemUTC());
    }

    BearerAuthenticator(SecuritySettings settings, SigningKeys keys, Logger log, Clock clock) {
        this.keys = keys;
        this.log = log;
        this.clock = clock;
        this.setup = setup(settings);
    }

    @Modified
    void modified(SecuritySettings.Config config) {
        Setup old = setup;
        setup = setup(SecuritySettings.of(config));
        verified.clear();
        close(old);
    }

    @Deactivate
    void deactivate() {
        close(setup);
        verified.clear();
    }

    private Setup setup(SecuritySettings s) {
        List<TokenVerifier.Issuer> issuers = new ArrayList<>();
        issuers.add(new TokenVerifier.Issuer(s.issuer(), s.audience(), keys::verificationKey, KernelTokens.ROLES_CLAIM));
        ExternalKeys external = null;
        if (s.external()) {
            if (s.oidcAudience().isEmpty() || s.oidcJwksUrl().isEmpty() || s.oidcIssuer().equals(s.issuer())) {
                log.error("{}: oidc.issuer is set but oidc.audience or oidc.jwks.url is empty, or it is Keel's own "
                        + "issuer: tokens of the external issuer are not accepted", SecuritySettings.PID);
            } else {
                try {
                    external = new ExternalKeys(s.oidcJwksUrl(), s.oidcJwksCache());
                    issuers.add(new TokenVerifier.Issuer(s.oidcIssuer(), s.oidcAudience(), external,
                            s.oidcRolesClaim().isEmpty() ? "roles" : s.oidcRolesClaim()));
                    log.info("accepting tokens of the external issuer {} (keys from {})", LogText.escape(s.oidcIssuer()),
                            LogText.escape(s.oidcJwksUrl()));
                } catch (IllegalArgumentException e) {
                    log.error("{}: {}; tokens of the external issuer are not accepted", SecuritySettings.PID,
                            e.getMessage());
                }
            }
        }
        return new Setup(new TokenVerifier(issuers, s.clockSkew()), external);
    }

    private void close(Setup s) {
        if (s.external() != null) {
            try {
                s.external().close();
            } catch (IOException e) {
                log.debug("closing the external issuer's key source: {}", e.toString());
            }
        }
    }

    /** The caller of an {@code Authorization} header's value (kept by the exact value: a hit copies nothing). */
    @Override
    public Caller authenticate(String header) {
        Instant now = clock.instant();
        TokenVerifier.Verified known = verified.get(header);
        if (known != null) {
            if (now.isBefore(known.expiresAt())) {
                return known.caller();
            }
            verified.remove(header, known);
        }
        String h = header.strip();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new InvalidTokenException("only Bearer tokens are accepted");
        }
        String token = h.substring(7).strip();
        if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidTokenException(token.isEmpty() ? "the Bearer token is empty" : "the token is too long");
        }
        TokenVerifier.Verified fresh = setup.verifier().verify(token, now);
        remember(header, fresh, now);
        return fresh.caller();
    }

    private void remember(String header, TokenVerifier.Verified v, Instant now) {
        if (!now.isBefore(v.expiresAt())) {
            return; // within the clock skew after exp: accepted, not kept
        }
        if (verified.size() >= CACHE_LIMIT) {
            verified.values().removeIf(e -> !now.isBefore(e.expiresAt()));
            if (verified.size() >= CACHE_LIMIT) {
                verified.clear();
            }
        }
        verified.put(header, v);
    }

    /** How many verified tokens are kept (for tests). */
    int cached() {
        return verified.size();
    }
}
