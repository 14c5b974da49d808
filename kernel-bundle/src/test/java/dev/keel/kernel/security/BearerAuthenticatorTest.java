package dev.keel.kernel.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import dev.keel.api.security.Caller;
import dev.keel.api.security.IssuedToken;
import dev.keel.api.security.Roles;

/** Each kind of bad token is refused; a good one gives its caller, once verified then from the cache. */
class BearerAuthenticatorTest {

    private static final SecuritySettings SETTINGS = new SecuritySettings("keel", "keel", Duration.ofHours(1),
            Duration.ofSeconds(30), "", "", "", "roles", Duration.ofMinutes(5));

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.now());
    private SigningKeys keys;
    private KernelTokens tokens;
    private BearerAuthenticator authenticator;

    @BeforeEach
    void setUp() {
        keys = new SigningKeys(dir, SETTINGS.keyRetention(), clock);
        tokens = new KernelTokens(SETTINGS, keys, clock);
        authenticator = new BearerAuthenticator(SETTINGS, keys, quietLogger(), clock);
    }

    @Test
    void aTokenKeelSignedGivesItsSubjectAndTheRolesItsRolesImply() {
        IssuedToken token = tokens.issue("alice", Set.of(Roles.OPERATOR));
        Caller caller = authenticator.authenticate("Bearer " + token.value());
        assertEquals("alice", caller.subject());
        assertEquals("keel", caller.issuer());
        assertTrue(caller.hasRole(Roles.OPERATOR));
        assertTrue(caller.hasRole(Roles.VIEWER), "operator implies viewer");
        assertFalse(caller.hasRole(Roles.ADMIN));
    }

    @Test
    void aVerifiedTokenIsKeptUntilItExpiresAndThenRefused() {
        IssuedToken token = tokens.issue("alice", Set.of());
        Caller first = authenticator.authenticate("Bearer " + token.value());
        assertEquals(1, authenticator.cached());
        assertSame(first, authenticator.authenticate("bearer " + token.value()), "from the cache");
        clock.advance(Duration.ofHours(1).plusSeconds(31));
        refused("Bearer " + token.value(), "expired");
    }

    @Test
    void refusesNoneAlgorithm() {
        String plain = new PlainJWT(claims("alice").build()).serialize();
        refused("Bearer " + plain, "alg=none");
        // "none" with a kid and a signature part
        String header = b64("{\"alg\":\"none\",\"kid\":\"" + keys.current().getKeyID() + "\"}");
        refused("Bearer " + header + "." + b64(claims("alice").build().toString()) + ".c2ln", "");
    }

    @Test
    void refusesAnHmacTokenKeyedWithThePublicKey() throws Exception {
        // the classic confusion: HS256 with the published key as the shared secret
        byte[] secret = keys.current().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(keys.current().getKeyID()).build(),
                claims("alice").build());
        jwt.sign(new MACSigner(secret));
        refused("Bearer " + jwt.serialize(), "algorithm HS256 is not accepted");
    }

    @Test
    void refusesATamperedPayload() {
        String[] parts = tokens.issue("alice", Set.of(Roles.CUSTOMER)).value().split("\\.");
        String forged = b64(claims("alice").claim("roles", List.of("admin")).build().toString());
        refused("Bearer " + parts[0] + "." + forged + "." + parts[2], "signature");
    }

    @Test
    void refusesExpiredAndNotYetValidTokens() throws Exception {
        Instant now = clock.instant();
        refused("Bearer " + signed(keys.current(), claims("alice").expirationTime(Date.from(now.minusSeconds(120)))
                .build()), "expired");
        refused("Bearer " + signed(keys.current(), claims("alice").notBeforeTime(Date.from(now.plusSeconds(300)))
                .build()), "not valid yet");
    }

    @Test
    void refusesAnotherIssuerOrAudience() throws Exception {
        refused("Bearer " + signed(keys.current(), claims("alice").issuer("evil").build()), "issuer");
        refused("Bearer " + signed(keys.current(), claims("alice").audience("other").build()), "audience");
    }

    @Test
    void refusesAnUnknownKeyIdAndAnUnknownKey() throws Exception {
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("stranger").generate();
        refused("Bearer " + signed(stranger, claims("alice").build()), "key id");
        // a stranger's key under Keel's kid: the signature does not match
        ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID(keys.current().getKeyID()).generate();
        refused("Bearer " + signed(impostor, claims("alice").build()), "signature");
    }

    @Test
    void refusesGarbageOtherSchemesAndEmptyTokens() {
        refused("Bearer not-a-jwt", "well-formed");
        refused("Basic YWRtaW46YWRtaW4=", "Bearer");
        refused("Bearer ", "");
    }

    @Test
    void aRotatedKeysTokensStayValidUntilTheyExpire() {
        IssuedToken before = tokens.issue("alice", Set.of());
        keys.rotate();
        IssuedToken after = tokens.issue("bob", Set.of());
        assertEquals("alice", new BearerAuthenticator(SETTINGS, keys, quietLogger(), clock)
                .authenticate("Bearer " + before.value()).subject());
        assertEquals("bob", authenticator.authenticate("Bearer " + after.value()).subject());
    }

    private void refused(String header, String why) {
        InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> authenticator.authenticate(header));
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertEquals(0, authenticator.cached(), "no verdict kept for a token that did not verify");
    }

    private JWTClaimsSet.Builder claims(String subject) {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder().issuer("keel").audience("keel").subject(subject)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)));
    }

    static String signed(ECKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static Logger quietLogger() {
        return (Logger) Proxy.newProxyInstance(BearerAuthenticatorTest.class.getClassLoader(),
                new Class<?>[] {Logger.class}, (proxy, method, args) -> method.getReturnType() == boolean.class
                        ? Boolean.FALSE : null);
    }
}
