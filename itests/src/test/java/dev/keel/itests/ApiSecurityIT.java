package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import dev.keel.itests.fixture.secured.OperatorsServlet;
import dev.keel.itests.fixture.secured.SecuredPlugin;
import dev.keel.itests.fixture.secured.WhoAmIServlet;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The /api entry authenticates before any plugin code runs: no token 401 with
 * {@code WWW-Authenticate: Bearer}, each kind of bad token 401
 * {@code error="invalid_token"}, a missing role 403, a public call and a valid
 * token reach the plugin with the caller; key rotation keeps old tokens valid;
 * an external OpenID Connect issuer (a JWKS this test serves on loopback).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ApiSecurityIT extends KeelTest {

    private static final String VIEWER = "itest-viewer";
    private static final String VIEWER_PASSWORD = "itest-viewer-password";
    private static final String SSO = "https://sso.itest.example";

    @Configuration
    public Option[] config() throws IOException {
        return KeelOptions.kernelOnly(KeelOptions.freePort(),
                CoreOptions.bundle(FixtureBundles.build("dev.keel.itest.secured", "1.0.0", Map.of(), Map.of(),
                        SecuredPlugin.class, WhoAmIServlet.class, OperatorsServlet.class).toUri().toString())
                        .startLevel(3));
    }

    @Before
    public void routesServe() {
        awaitActive(List.of("secured"));
        Await.until("the secured routes serve", PLUGIN_WAIT, () -> api().get("/api/secured/whoami").status() == 200,
                () -> api().get("/api/secured/whoami"));
    }

    @Test
    public void withoutATokenEveryNonPublicCallIs401WithABearerChallenge() {
        for (String path : List.of("/api/secured/whoami", "/api/secured/operators", "/api/secured/nothing-here",
                "/api/no-such-plugin/x")) {
            Api.Reply r = api().anonymous().get(path);
            assertEquals(path + ": " + r, 401, r.status());
            assertEquals(path, "Bearer", r.header("WWW-Authenticate"));
            assertTrue(path, r.contentType().startsWith("application/problem+json"));
            assertEquals(path, 401, r.json().get("status").asInt());
        }
    }

    @Test
    public void eachKindOfBadTokenIs401InvalidToken() throws Exception {
        ECKey keel = currentKey();
        Instant now = Instant.now();
        String valid = api().token();
        String[] parts = valid.split("\\.");
        String admin = b64("{\"iss\":\"keel\",\"aud\":\"keel\",\"sub\":\"mallory\",\"roles\":[\"admin\"],\"exp\":"
                + (now.getEpochSecond() + 600) + "}");
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(keel.getKeyID()).build(),
                claims("mallory").build());
        hmac.sign(new MACSigner(keel.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
        Map<String, String> bad = Map.of(
                "garbage", "not-a-token",
                "alg=none", new PlainJWT(claims("mallory").build()).serialize(),
                "HS256 keyed with the public key", hmac.serialize(),
                "tampered payload", parts[0] + "." + admin + "." + parts[2],
                "expired", es256(keel, claims("mallory").expirationTime(Date.from(now.minusSeconds(600))).build()),
                "not yet valid", es256(keel, claims("mallory").notBeforeTime(Date.from(now.plusSeconds(600))).build()),
                "wrong issuer", es256(keel, claims("mallory").issuer("https://evil.example").build()),
                "wrong audience", es256(keel, claims("mallory").audience("someone-else").build()),
                "unknown kid", es256(new ECKey.Builder(keel).keyID("no-such-key").build(), claims("mallory").build()));
        for (Map.Entry<String, String> b : bad.entrySet()) {
            Api.Reply r = api().withToken(b.getValue()).get("/api/secured/whoami");
            assertEquals(b.getKey() + ": " + r, 401, r.status());
            String challenge = r.header("WWW-Authenticate");
            assertTrue(b.getKey() + ": " + challenge, challenge.startsWith("Bearer error=\"invalid_token\""));
            assertTrue(b.getKey(), r.contentType().startsWith("application/problem+json"));
        }
        // the same signature over Keel's claims still passes: the refusals above are the changes, not the key
        assertEquals(200, api().withToken(es256(keel, claims(Operators.NAME).build())).get("/api/secured/whoami")
                .status());
    }

    @Test
    public void aCallerWithoutTheRoutesRoleIs403AndOneWithItGetsThrough() {
        Operators.write(home(), VIEWER, "viewer", VIEWER_PASSWORD);
        Api viewer = api().anonymous().login(VIEWER, VIEWER_PASSWORD);
        Api.Reply refused = viewer.get("/api/secured/operators");
        assertEquals(refused.toString(), 403, refused.status());
        assertTrue(refused.contentType().startsWith("application/problem+json"));
        assertTrue(refused.toString(), refused.json().get("detail").asText().contains("operator"));
        assertEquals("any authenticated caller", 200, viewer.get("/api/secured/whoami").status());
        assertEquals("admin implies operator", 200, api().get("/api/secured/operators").status());
    }

    @Test
    public void aValidTokenReachesThePluginWithTheCallerAndAPublicCallNeedsNone() {
        Api.Reply me = api().get("/api/secured/whoami");
        assertEquals(me.toString(), 200, me.status());
        String body = me.raw().body();
        assertTrue(body, body.contains("subject=" + Operators.NAME + "\n"));
        assertTrue(body, body.contains("issuer=keel\n"));
        assertTrue("admin's implied roles: " + body, body.contains("roles=admin,metrics,operator,tester,viewer\n"));

        Api.Reply open = api().anonymous().get("/api/secured/whoami/open");
        assertEquals(open.toString(), 200, open.status());
        assertTrue(open.raw().body(), open.raw().body().contains("subject=\n"));
    }

    @Test
    public void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
        Api.Reply wrong = api().anonymous().post("/auth/token", Map.of("username", Operators.NAME, "password", "wrong"));
        Api.Reply unknown = api().anonymous().post("/auth/token", Map.of("username", "nobody-" + System.nanoTime(),
                "password", "wrong"));
        assertEquals(wrong.toString(), 401, wrong.status());
        assertEquals(unknown.toString(), 401, unknown.status());
        assertEquals(wrong.raw().body(), unknown.raw().body());
        assertEquals("Bearer", wrong.header("WWW-Authenticate"));
        assertEquals("Bearer", unknown.header("WWW-Authenticate"));
        assertFalse("no token in " + wrong, wrong.raw().body().contains("\"token\":"));
    }

    @Test
    public void theJwksIsPublicAndARotatedKeysTokensStayValid() throws Exception {
        String before = api().token();
        String oldKid = SignedJWT.parse(before).getHeader().getKeyID();
        Api.Reply jwks = api().anonymous().get("/auth/jwks");
        assertEquals(jwks.toString(), 200, jwks.status());
        assertTrue(jwks.raw().body(), kids(jwks.json()).contains(oldKid));
        assertFalse("no private part: " + jwks.raw().body(), jwks.raw().body().contains("\"d\""));

        String rotated = Shell.run(context, "keel:keys rotate");
        Api fresh = api().anonymous().login(Operators.NAME, Operators.PASSWORD);
        String newKid = SignedJWT.parse(fresh.token()).getHeader().getKeyID();
        assertNotEquals(oldKid, newKid);
        assertTrue(rotated, rotated.contains(newKid));
        List<String> both = kids(api().anonymous().get("/auth/jwks").json());
        assertTrue(both.toString(), both.contains(oldKid) && both.contains(newKid));
        assertEquals("a token of the retired key", 200, api().withToken(before).get("/api/secured/whoami").status());
        assertEquals(200, fresh.get("/api/secured/whoami").status());
    }

    @Test
    public void tokensOfAConfiguredExternalIssuerAreAccepted() throws Exception {
        RSAKey sso = new RSAKeyGenerator(2048).keyID("sso-1").generate();
        context.registerService(Servlet.class, new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setContentType("application/json");
                resp.getWriter().print(new JWKSet(sso.toPublicJWK()).toString(true));
            }
        }, new Hashtable<>(Map.of("osgi.http.whiteboard.servlet.pattern", "/itest/sso/jwks")));
        configure("keel.security", Map.of("oidc.issuer", SSO, "oidc.audience", "keel-itest",
                "oidc.jwks.url", "http://127.0.0.1:" + context.getProperty("org.osgi.service.http.port")
                        + "/itest/sso/jwks", "oidc.roles.claim", "realm_access.roles"));
        JWTClaimsSet.Builder claims = claims("sso-operator").issuer(SSO).audience("keel-itest")
                .claim("realm_access", Map.of("roles", List.of("operator"))).claim("email", "ops@example.com");
        String token = rs256(sso, claims.build());
        Await.until("the external issuer's token is accepted", PLUGIN_WAIT,
                () -> api().withToken(token).get("/api/secured/operators").status() == 200,
                () -> api().withToken(token).get("/api/secured/operators"));
        String body = api().withToken(token).get("/api/secured/whoami").raw().body();
        assertTrue(body, body.contains("subject=sso-operator\n") && body.contains("issuer=" + SSO + "\n")
                && body.contains("email=ops@example.com\n") && body.contains("roles=operator,viewer\n"));

        RSAKey impostor = new RSAKeyGenerator(2048).keyID("sso-1").generate();
        Map<String, String> bad = Map.of(
                "another key under the issuer's kid", rs256(impostor, claims.build()),
                "wrong audience", rs256(sso, claims.audience("keel").build()),
                "unknown kid", rs256(new RSAKeyGenerator(2048).keyID("sso-2").generate(), claims("x").issuer(SSO)
                        .audience("keel-itest").build()));
        for (Map.Entry<String, String> b : bad.entrySet()) {
            Api.Reply r = api().withToken(b.getValue()).get("/api/secured/whoami");
            assertEquals(b.getKey() + ": " + r, 401, r.status());
            assertTrue(b.getKey(), r.header("WWW-Authenticate").contains("error=\"invalid_token\""));
        }
        assertEquals("Keel's own tokens still work", 200, api().get("/api/secured/whoami").status());
    }

    private Path home() {
        return Path.of(context.getProperty("keel.home"));
    }

    /** Keel's current signing key, read from its key file as an attacker with the file would. */
    private ECKey currentKey() throws Exception {
        return (ECKey) JWKSet.load(home().resolve("data/security/keys.json").toFile()).getKeys().get(0);
    }

    private static List<String> kids(JsonNode jwks) {
        List<String> out = new java.util.ArrayList<>();
        jwks.get("keys").forEach(k -> out.add(k.get("kid").asText()));
        return out;
    }

    private static JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("keel").audience("keel").subject(subject)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
    }

    private static String es256(ECKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static String rs256(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
