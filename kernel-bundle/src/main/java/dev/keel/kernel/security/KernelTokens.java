package dev.keel.kernel.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.keel.api.security.IssuedToken;

/**
 * Keel's issuer, kernel-internal: signs tokens (ES256, the current key of
 * {@link SigningKeys}) for any roles, e.g. an operator's after
 * {@code POST /auth/token}. Plugins get the restricted {@link BundleTokenIssuer}.
 */
@Component(service = KernelTokens.class, configurationPid = SecuritySettings.PID)
public final class KernelTokens {

    /** The claim holding the granted roles (not yet implied): {@value}. */
    static final String ROLES_CLAIM = "roles";

    private final SigningKeys keys;
    private final Clock clock;
    private volatile SecuritySettings settings;

    @Activate
    public KernelTokens(SecuritySettings.Config config, @Reference SigningKeys keys) {
        this(SecuritySettings.of(config), keys, Clock.systemUTC());
    }

    KernelTokens(SecuritySettings settings, SigningKeys keys, Clock clock) {
        this.settings = settings;
        this.keys = keys;
        this.clock = clock;
    }

    @Modified
    void modified(SecuritySettings.Config config) {
        settings = SecuritySettings.of(config);
    }

    /**
     * Signs a token for a subject with the configured lifetime.
     *
     * @param subject the {@code sub} claim; not empty
     * @param roles the roles granted (the token holds them as given; the verifier adds what they imply)
     * @return the compact token and when it expires
     */
    public IssuedToken issue(String subject, Set<String> roles) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("a token needs a subject");
        }
        SecuritySettings s = settings;
        Instant now = clock.instant();
        Instant expires = now.plus(s.tokenLifetime());
        ECKey key = keys.current();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(s.issuer()).audience(s.audience()).subject(subject)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString()).claim(ROLES_CLAIM, new TreeSet<>(roles).stream().toList())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
        }
        // the token's exp is in whole seconds
        return new IssuedToken(jwt.serialize(), Instant.ofEpochSecond(expires.getEpochSecond()));
    }

    /** The settings tokens are signed with now. */
    SecuritySettings settings() {
        return settings;
    }
}
