package dev.keel.kernel.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.keel.api.security.Caller;

/** An external issuer's RS256 tokens with roles at a nested claim; the algorithm is fixed by the key's type. */
class TokenVerifierTest {

    private final Instant now = Instant.now();

    @Test
    void anExternalIssuersTokenGivesTheRolesAtTheConfiguredClaimAndItsOtherClaims() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("r1").generate();
        TokenVerifier verifier = verifier(rsa.toPublicJWK().getKeyID(), rsa.toPublicJWK(), "realm_access.roles");
        String token = rs256(rsa, claims().claim("realm_access", Map.of("roles", List.of("viewer", "tester")))
                .claim("email", "ops@example.com").build());
        Caller caller = verifier.verify(token, now).caller();
        assertEquals("sso-user", caller.subject());
        assertEquals("https://sso.example.com", caller.issuer());
        assertEquals(Set.of("viewer", "tester"), caller.roles());
        assertEquals("ops@example.com", caller.claims().get("email"));
    }

    @Test
    void anRsaKeyDoesNotVerifyAnEcAlgorithmNorAnEcKeyAnRsaOne() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("r1").generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("r1").generate();
        // a token signed RS256 presented against an EC key of the same kid
        TokenVerifier ecVerifier = verifier("r1", ec.toPublicJWK(), "roles");
        InvalidTokenException e = assertThrows(InvalidTokenException.class,
                () -> ecVerifier.verify(rs256(rsa, claims().build()), now));
        assertTrue(e.getMessage().contains("RS256 is not accepted"), e.getMessage());
    }

    @Test
    void rolesMayBeOneSpaceSeparatedString() {
        JWTClaimsSet claims = claims().claim("scope", "viewer metrics").build();
        assertEquals(List.of("viewer", "metrics"), TokenVerifier.roles(claims, "scope"));
        assertEquals(List.of(), TokenVerifier.roles(claims, "missing.path"));
    }

    private static TokenVerifier verifier(String kid, com.nimbusds.jose.jwk.JWK key, String rolesClaim) {
        return new TokenVerifier(List.of(new TokenVerifier.Issuer("https://sso.example.com", "keel-client",
                k -> k.equals(kid) ? key : null, rolesClaim)), Duration.ofSeconds(30));
    }

    private JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer("https://sso.example.com").audience(List.of("keel-client", "other"))
                .subject("sso-user").expirationTime(Date.from(now.plusSeconds(300)));
    }

    private static String rs256(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
