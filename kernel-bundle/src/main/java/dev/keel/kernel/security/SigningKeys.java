package dev.keel.kernel.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import dev.keel.kernel.util.OwnerOnly;

/**
 * Owns Keel's signing keys, {@code data/security/keys.json} (folder 0700, file
 * 0600): EC P-256 key pairs for ES256, the first generated on first start.
 * {@link #rotate()} makes a new key the current one and retires the old one: a
 * retired key signs nothing more but stays published and verifies until every
 * token it signed has expired (its JWK {@code exp}), then it is dropped.
 */
@Component(service = SigningKeys.class, configurationPid = SecuritySettings.PID)
public final class SigningKeys {

    /** One key as {@code keel:keys list} shows it. */
    public record KeyInfo(String kid, Instant created, Instant retiredUntil) {
        /** Whether this is the key that signs. */
        public boolean current() {
            return retiredUntil == null;
        }
    }

    private final Path file;
    private final Clock clock;
    private volatile Duration retention;
    /** Every key, private parts included, the current one first. */
    private volatile List<ECKey> keys;

    @Activate
    public SigningKeys(SecuritySettings.Config config, BundleContext context) {
        this(folder(context), SecuritySettings.of(config).keyRetention(), Clock.systemUTC());
    }

    SigningKeys(Path dir, Duration retention, Clock clock) {
        this.file = dir.resolve("keys.json");
        this.clock = clock;
        this.retention = retention;
        synchronized (this) {
            this.keys = load();
        }
    }

    @Modified
    void modified(SecuritySettings.Config config) {
        retention = SecuritySettings.of(config).keyRetention();
    }

    private static Path folder(BundleContext context) {
        return Homes.home(context).resolve("data/security");
    }

    /** The key that signs now. */
    ECKey current() {
        return keys.get(0);
    }

    /**
     * The public key with this id, while it verifies.
     *
     * @return the key, or null when there is none (unknown, or retired longer than its tokens live)
     */
    ECKey verificationKey(String kid) {
        Instant now = clock.instant();
        for (ECKey k : keys) {
            if (k.getKeyID().equals(kid)) {
                return usable(k, now) ? k.toPublicJWK() : null;
            }
        }
        return null;
    }

    /** The public keys that verify now, as published at {@code GET /auth/jwks}. */
    public JWKSet publicKeys() {
        Instant now = clock.instant();
        List<JWK> out = new ArrayList<>();
        for (ECKey k : keys) {
            if (usable(k, now)) {
                out.add(k.toPublicJWK());
            }
        }
        return new JWKSet(out);
    }

    /** The keys, the current one first. */
    public List<KeyInfo> list() {
        Instant now = clock.instant();
        return keys.stream().filter(k -> usable(k, now)).map(SigningKeys::info).toList();
    }

    /**
     * Generates a new current key and retires the current one, which verifies
     * for another token lifetime (and clock skew); drops keys retired longer ago.
     *
     * @return the new key
     */
    public synchronized KeyInfo rotate() {
        Instant now = clock.instant();
        List<ECKey> next = new ArrayList<>();
        ECKey fresh = generate(now);
        next.add(fresh);
        Date until = Date.from(now.plus(retention));
        for (ECKey k : keys) {
            if (k.getExpirationTime() == null) {
                next.add(new ECKey.Builder(k).expirationTime(until).build());
            } else if (usable(k, now)) {
                next.add(k);
            }
        }
        store(next);
        keys = List.copyOf(next);
        return info(fresh);
    }

    private static boolean usable(ECKey k, Instant now) {
        return k.getExpirationTime() == null || now.isBefore(k.getExpirationTime().toInstant());
    }

    private static KeyInfo info(ECKey k) {
        return new KeyInfo(k.getKeyID(), k.getIssueTime() == null ? Instant.EPOCH : k.getIssueTime().toInstant(),
                k.getExpirationTime() == null ? null : k.getExpirationTime().toInstant());
    }

    private List<ECKey> load() {
        try {
            OwnerOnly.directories(file.getParent());
            OwnerOnly.restrict(file.getParent());
            if (Files.exists(file)) {
                OwnerOnly.restrict(file);
                List<ECKey> found = new ArrayList<>();
                for (JWK k : JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8)).getKeys()) {
                    if (k instanceof ECKey ec && ec.isPrivate() && Curve.P_256.equals(ec.getCurve())) {
                        found.add(ec);
                    }
                }
                if (!found.isEmpty() && found.get(0).getExpirationTime() == null) {
                    return List.copyOf(found);
                }
            }
            // first start (or a file without a current key): a new current key, the old ones kept as they are
            List<ECKey> fresh = new ArrayList<>();
            fresh.add(generate(clock.instant()));
            if (Files.exists(file)) {
                for (JWK k : JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8)).getKeys()) {
                    if (k instanceof ECKey ec && ec.isPrivate() && ec.getExpirationTime() != null) {
                        fresh.add(ec);
                    }
                }
            }
            store(fresh);
            return List.copyOf(fresh);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        } catch (ParseException e) {
            throw new IllegalStateException(file + " is not a JWK set: " + e.getMessage(), e);
        }
    }

    private static ECKey generate(Instant now) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyID(UUID.randomUUID().toString()).issueTime(Date.from(now)).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an EC P-256 key: " + e.getMessage(), e);
        }
    }

    /** Writes the keys in one step: a new owner-only file renamed over the old one. */
    private void store(List<ECKey> all) {
        try {
            OwnerOnly.replace(file, new JWKSet(new ArrayList<>(all)).toString(false).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
