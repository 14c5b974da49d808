package dev.keel.kernel.security;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import dev.keel.kernel.util.LogText;

/**
 * Owns the public keys of the external OpenID Connect issuer: fetched from its
 * JWKS URL (https://, or http:// on loopback), kept for the configured time,
 * fetched again at once for an unknown key id but at most every 30 s.
 */
final class ExternalKeys implements TokenVerifier.KeySource, Closeable {

    private static final int TIMEOUT_MS = 3_000;
    private static final int SIZE_LIMIT = 256 * 1024;
    private static final long RATE_LIMIT_MS = 30_000;

    private final JWKSource<SecurityContext> source;

    ExternalKeys(String jwksUrl, Duration cache) {
        URL url = checked(jwksUrl);
        long ttl = cache.toMillis();
        this.source = JWKSourceBuilder.<SecurityContext>create(url,
                        new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS, SIZE_LIMIT))
                .cache(ttl, TIMEOUT_MS * 2L).refreshAheadCache(false).rateLimited(Math.min(RATE_LIMIT_MS, ttl / 2))
                .retrying(false).build();
    }

    /** The URL, if it is https:// or http:// to a loopback address. */
    static URL checked(String jwksUrl) {
        try {
            URI uri = new URI(jwksUrl);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme();
            if (uri.getHost() == null || !(scheme.equals("https") || (scheme.equals("http") && loopback(uri.getHost())))) {
                throw new IllegalArgumentException("the external issuer's JWKS URL must be https:// (or http:// on "
                        + "a loopback address): " + LogText.escape(jwksUrl));
            }
            return uri.toURL();
        } catch (URISyntaxException | MalformedURLException e) {
            throw new IllegalArgumentException("the external issuer's JWKS URL is not a URL: " + LogText.escape(jwksUrl),
                    e);
        }
    }

    private static boolean loopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return "localhost".equalsIgnoreCase(h);
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // a literal: no name look-up
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public JWK key(String kid) {
        try {
            List<JWK> found = source.get(new JWKSelector(new JWKMatcher.Builder().keyID(kid).build()), null);
            return found.size() == 1 ? found.get(0) : null;
        } catch (KeySourceException e) {
            throw new InvalidTokenException("the external issuer's keys cannot be fetched now");
        }
    }

    @Override
    public void close() throws IOException {
        if (source instanceof Closeable c) {
            c.close();
        }
    }
}
