package dev.keel.kernel.security;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;

import dev.keel.api.security.Caller;
import dev.keel.api.security.Roles;

/**
 * Owns the verdict on one token: signed (never {@code alg=none}, never a
 * symmetric algorithm), by a known key of a trusted issuer, with the algorithm
 * that key's type allows (ES256 for P-256, RS256/PS256... for RSA), not
 * tampered, within {@code nbf}/{@code exp} (with the clock skew), for the
 * issuer's audience. The claims are read only once the signature checked out.
 */
final class TokenVerifier {

    /** The claims of a verified token handed to plugins as they are (the registered ones are read by Keel). */
    private static final Set<String> REGISTERED = Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti");

    /** One issuer whose tokens are accepted, with where its keys come from and which claim holds the roles. */
    record Issuer(String issuer, String audience, KeySource keys, String rolesClaim) {
    }

    /** Finds an issuer's public key by key id. */
    @FunctionalInterface
    interface KeySource {
        /**
         * @return the key, or null when the issuer has none with that id
         * @throws InvalidTokenException when the issuer's keys cannot be had now
         */
        JWK key(String kid);
    }

    /** A verified token's caller and when the token expires. */
    record Verified(Caller caller, Instant expiresAt) {
    }

    private final List<Issuer> issuers;
    private final Duration skew;

    TokenVerifier(List<Issuer> issuers, Duration skew) {
        this.issuers = List.copyOf(issuers);
        this.skew = skew;
    }

    Verified verify(String token, Instant now) {
        SignedJWT jwt = parse(token);
        JWSHeader header = jwt.getHeader();
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw new InvalidTokenException("the token has critical header parameters Keel does not know");
        }
        String kid = header.getKeyID();
        if (kid == null || kid.isBlank()) {
            throw new InvalidTokenException("the token names no key (kid)");
        }
        Issuer issuer = issuerOf(jwt);
        JWK key = issuer.keys().key(kid);
        if (key == null) {
            throw new InvalidTokenException("the token's key id is not one of its issuer's keys");
        }
        if (!signatureValid(jwt, header.getAlgorithm(), key)) {
            throw new InvalidTokenException("the token's signature does not match its content");
        }
        JWTClaimsSet claims = claims(jwt);
        Instant expires = checkTimes(claims, now);
        if (!claims.getAudience().contains(issuer.audience())) {
            throw new InvalidTokenException("the token is not for this audience");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new InvalidTokenException("the token has no subject");
        }
        return new Verified(new Caller(subject, Roles.implied(roles(claims, issuer.rolesClaim())), extra(claims),
                issuer.issuer()), expires);
    }

    private static SignedJWT parse(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new InvalidTokenException("the token is not a well-formed JWT");
        }
        if (jwt instanceof SignedJWT signed) {
            return signed;
        }
        throw new InvalidTokenException(jwt.getHeader().getAlgorithm() == com.nimbusds.jose.Algorithm.NONE
                ? "unsigned tokens (alg=none) are not accepted" : "only signed tokens (JWS) are accepted");
    }

    /** The trusted issuer the token says it comes from (a claim read only to pick the keys). */
    private Issuer issuerOf(SignedJWT jwt) {
        String iss = claims(jwt).getIssuer();
        for (Issuer i : issuers) {
            if (i.issuer().equals(iss)) {
                return i;
            }
        }
        throw new InvalidTokenException("the token's issuer is not trusted here");
    }

    private static JWTClaimsSet claims(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidTokenException("the token's claims are not a JSON object");
        }
    }

    /** Verifies with the one verifier the key's type allows for the token's algorithm. */
    private static boolean signatureValid(SignedJWT jwt, JWSAlgorithm alg, JWK key) {
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
            throw new InvalidTokenException("the token's key is not a signing key");
        }
        if (key.getAlgorithm() != null && !key.getAlgorithm().equals(alg)) {
            throw new InvalidTokenException("the algorithm " + safeName(alg) + " is not accepted for the token's key");
        }
        try {
            JWSVerifier verifier;
            if (key instanceof ECKey ec && allowedFor(ec).equals(alg)) {
                verifier = new ECDSAVerifier(ec.toECPublicKey());
            } else if (key instanceof RSAKey rsa && (JWSAlgorithm.Family.RSA.contains(alg))) {
                verifier = new RSASSAVerifier(rsa.toRSAPublicKey());
            } else {
                throw new InvalidTokenException("the algorithm " + safeName(alg) + " is not accepted for the token's key");
            }
            return jwt.verify(verifier);
        } catch (JOSEException e) {
            throw new InvalidTokenException("the token's signature cannot be checked");
        }
    }

    private static JWSAlgorithm allowedFor(ECKey key) {
        Curve c = key.getCurve();
        return Curve.P_256.equals(c) ? JWSAlgorithm.ES256 : Curve.P_384.equals(c) ? JWSAlgorithm.ES384
                : Curve.P_521.equals(c) ? JWSAlgorithm.ES512 : null;
    }

    /** The algorithm's name if it is a registered one (a token's header is not echoed otherwise). */
    private static String safeName(JWSAlgorithm alg) {
        for (JWSAlgorithm.Family f : List.of(JWSAlgorithm.Family.HMAC_SHA, JWSAlgorithm.Family.RSA,
                JWSAlgorithm.Family.EC, JWSAlgorithm.Family.ED)) {
            if (f.contains(alg)) {
                return alg.getName();
            }
        }
        return "of the token";
    }

    private Instant checkTimes(JWTClaimsSet claims, Instant now) {
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new InvalidTokenException("the token has no expiry (exp)");
        }
        if (!now.isBefore(exp.toInstant().plus(skew))) {
            throw new InvalidTokenException("the token has expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
            throw new InvalidTokenException("the token is not valid yet (nbf)");
        }
        return exp.toInstant();
    }

    /** The roles at a dotted claim path: an array of strings, or one string of space- or comma-separated roles. */
    static List<String> roles(JWTClaimsSet claims, String path) {
        Object value = claims.getClaims();
        for (String part : path.split("\\.")) {
            value = value instanceof Map<?, ?> m ? m.get(part) : null;
        }
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> list) {
            for (Object o : list) {
                if (o instanceof String s && !s.isBlank()) {
                    out.add(s.strip());
                }
            }
        } else if (value instanceof String s) {
            for (String r : s.split("[\\s,]+")) {
                if (!r.isBlank()) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** The unregistered claims a plugin may need (e.g. {@code email}), dates as epoch seconds. */
    private static Map<String, Object> extra(JWTClaimsSet claims) {
        Map<String, Object> out = new HashMap<>();
        claims.getClaims().forEach((name, value) -> {
            if (!REGISTERED.contains(name) && value != null) {
                out.put(name, value instanceof Date d ? d.getTime() / 1000 : value);
            }
        });
        return out;
    }
}
