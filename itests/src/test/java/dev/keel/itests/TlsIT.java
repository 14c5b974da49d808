package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * HTTPS on the real Felix HTTP Jetty: a PKCS12 keystore made with keytool,
 * the listener switched on through PID {@code org.apache.felix.http}, a
 * client that trusts exactly that key; HSTS on answers over HTTPS, the
 * redirect from HTTP when configured, forwarded headers believed only from a
 * trusted proxy.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TlsIT extends KeelTest {

    private static final String JETTY = "org.apache.felix.http";
    private static final String PASSWORD = "test-keystore-pw";

    private Path keystore;
    /** Read in the framework: the probe's classes are loaded again there, so a static port would differ. */
    private int httpPort;
    private int httpsPort;
    private HttpClient https;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Configuration
    public Option[] config() {
        return KeelOptions.kernelOnly(KeelOptions.freePort());
    }

    /** Felix HTTP Jetty's own lines (started at which ports, a bind that failed), for a failure's state. */
    private LogLines log;

    @Before
    public void httpsOn() throws Exception {
        log = new LogLines(context);
        httpPort = Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
        Path dir = Files.createTempDirectory("keel-tls");
        keystore = dir.resolve("keel.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "keel", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        assertTrue("keytool: " + out, keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        https = HttpClient.newBuilder().sslContext(tls).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();

        httpsPort = KeelOptions.freePort();
        configAdmin.getConfiguration(JETTY, "?").update(new Hashtable<>(Map.of(
                "org.apache.felix.https.enable", "true",
                "org.osgi.service.http.port.secure", String.valueOf(httpsPort),
                "org.apache.felix.https.keystore", keystore.toString(),
                "org.apache.felix.https.keystore.password", PASSWORD,
                "org.apache.felix.https.keystore.key.password", PASSWORD)));
        Await.until("HTTPS answers on " + httpsPort, Duration.ofSeconds(60),
                () -> status(https, "https://127.0.0.1:" + httpsPort + "/health/live") == 200);
        Await.until("HTTP answers again on " + httpPort, Duration.ofSeconds(60),
                () -> status(http, "http://127.0.0.1:" + httpPort + "/health/live") == 200);
    }

    @After
    public void httpsOff() throws Exception {
        for (String pid : new String[] {JETTY, "keel.http.transport"}) {
            org.osgi.service.cm.Configuration[] c = configAdmin.listConfigurations("(service.pid=" + pid + ")");
            if (c != null) {
                c[0].delete();
            }
        }
        try {
            Await.until("HTTP only again", Duration.ofSeconds(60),
                    () -> status(http, "http://127.0.0.1:" + httpPort + "/health/live") == 200
                            && status(https, "https://127.0.0.1:" + httpsPort + "/health/live") == -1,
                    () -> "http " + outcome(http, "http://127.0.0.1:" + httpPort + "/health/live")
                            + ", https " + outcome(https, "https://127.0.0.1:" + httpsPort + "/health/live")
                            + ", Jetty said " + log.containing("Jetty") + log.containing("ERROR"));
        } finally {
            log.close();
        }
    }

    @Test
    public void healthOverHttpsWithTheKeystoresKeyAndHstsOnHttpsOnly() throws Exception {
        HttpResponse<String> live = get(https, "https://127.0.0.1:" + httpsPort + "/health/live");
        assertEquals(200, live.statusCode());
        assertEquals("max-age=31536000", live.headers().firstValue("Strict-Transport-Security").orElse(null));

        HttpResponse<String> plain = get(http, "http://127.0.0.1:" + httpPort + "/health/live");
        assertEquals(200, plain.statusCode());
        assertFalse("no HSTS over plain HTTP", plain.headers().firstValue("Strict-Transport-Security").isPresent());

        String shown = Shell.run(context, "keel:config " + JETTY);
        assertTrue(shown, shown.matches("(?s).*\\norg\\.apache\\.felix\\.https\\.keystore\\.password\\s+\\*{8}\\s.*"));
        assertFalse("the keystore password is never printed: " + shown, shown.contains(PASSWORD));

        // a client that does not trust the key gets no answer
        assertEquals(-1, status(HttpClient.newHttpClient(), "https://127.0.0.1:" + httpsPort + "/health/live"));
    }

    @Test
    public void plainHttpIsRedirectedToHttpsWhenConfiguredExceptTheProbes() throws Exception {
        configure("keel.http.transport", Map.of("redirect.https", true, "hsts.max.age.s", 600L));

        HttpResponse<String> get = get(http, "http://127.0.0.1:" + httpPort + "/api/user/users?limit=1");
        assertEquals(301, get.statusCode());
        String location = get.headers().firstValue("Location").orElse("");
        assertEquals("https://127.0.0.1:" + httpsPort + "/api/user/users?limit=1", location);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/api/user/users")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("the method is kept", 308, post.statusCode());
        assertEquals(200, status(http, "http://127.0.0.1:" + httpPort + "/health/live"));

        HttpResponse<String> followed = get(https, location);
        assertEquals("max-age=600", followed.headers().firstValue("Strict-Transport-Security").orElse(null));
    }

    @Test
    public void aForwardedSchemeCountsOnlyFromATrustedProxy() throws Exception {
        configure("keel.http.transport", Map.of("redirect.https", true, "trusted.proxies", "10.0.0.0/8"));
        HttpRequest claimsHttps = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-For", "198.51.100.1").build();
        HttpResponse<String> untrusted = http.send(claimsHttps, HttpResponse.BodyHandlers.ofString());
        assertEquals("127.0.0.1 is no trusted proxy: its X-Forwarded-Proto is ignored", 301, untrusted.statusCode());

        configure("keel.http.transport", Map.of("redirect.https", true, "trusted.proxies", "127.0.0.1"));
        HttpResponse<String> trusted = http.send(claimsHttps, HttpResponse.BodyHandlers.ofString());
        assertTrue("served: " + trusted.statusCode(), trusted.statusCode() != 301 && trusted.statusCode() != 308);
        assertEquals("max-age=31536000", trusted.headers().firstValue("Strict-Transport-Security").orElse(null));

        HttpRequest saysHttp = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                .header("Forwarded", "for=198.51.100.1;proto=http").build();
        HttpResponse<String> behindProxy = http.send(saysHttp, HttpResponse.BodyHandlers.ofString());
        assertEquals(301, behindProxy.statusCode());
        assertEquals("the proxy's public HTTPS port", "https://127.0.0.1/metrics",
                behindProxy.headers().firstValue("Location").orElse(""));
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String outcome(HttpClient client, String url) {
        try {
            return String.valueOf(get(client, url).statusCode());
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static int status(HttpClient client, String url) {
        try {
            return get(client, url).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
