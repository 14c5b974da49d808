package dev.keel.cluster.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A node's TLS identity and trust, from the files {@code bin/keel-cluster-keys} writes into one folder:
 * {@code node.p12} (the node's key pair and its certificate, signed by the cluster's CA), {@code trust.p12} (the
 * CA's certificate, the only one trusted) and {@code password} (the two stores' password). Sockets are TLS 1.3 only
 * and mutually authenticated: the server asks for a client certificate and refuses a peer without one that chains
 * to the CA; the client checks that the server's certificate names the host it called (its subject alternative
 * names), as HTTPS does.
 */
final class NodeTls {

    static final String PROTOCOL = "TLSv1.3";
    static final String KEYS = "node.p12";
    static final String TRUST = "trust.p12";
    static final String PASSWORD = "password";

    private final SSLContext context;
    private final String subject;

    private NodeTls(SSLContext context, String subject) {
        this.context = context;
        this.subject = subject;
    }

    /** Loads a node's keys and trust from a folder. */
    static NodeTls load(Path dir) throws IOException, GeneralSecurityException {
        char[] password = Files.readString(dir.resolve(PASSWORD)).strip().toCharArray();
        try {
            KeyStore keys = store(dir.resolve(KEYS), password);
            KeyStore trust = store(dir.resolve(TRUST), password);
            String alias = onlyKey(keys, dir.resolve(KEYS));
            for (String a : Collections.list(trust.aliases())) {
                if (!trust.isCertificateEntry(a)) {
                    throw new GeneralSecurityException(dir.resolve(TRUST) + " holds more than certificates");
                }
            }
            if (trust.size() == 0) {
                throw new GeneralSecurityException(dir.resolve(TRUST) + " trusts no certificate");
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance(PROTOCOL);
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            String subject = ((X509Certificate) keys.getCertificate(alias)).getSubjectX500Principal().getName();
            return new NodeTls(context, subject);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** This node's certificate subject. */
    String subject() {
        return subject;
    }

    /** A server socket on {@code host} only (port 0: a free one) that accepts only mutually authenticated TLS 1.3. */
    SSLServerSocket listen(String host, int port) throws IOException {
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(port, 64,
                InetAddress.getByName(host));
        SSLParameters p = server.getSSLParameters();
        p.setProtocols(new String[] {PROTOCOL});
        p.setNeedClientAuth(true);
        server.setSSLParameters(p);
        return server;
    }

    /** A connected, handshaken client socket to a node whose certificate must name {@code host}. */
    SSLSocket connect(String host, int port, int connectTimeoutMs, int readTimeoutMs) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            plain.setTcpNoDelay(true);
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
            SSLParameters p = tls.getSSLParameters();
            p.setProtocols(new String[] {PROTOCOL});
            p.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(p);
            tls.setSoTimeout(readTimeoutMs);
            tls.startHandshake();
            return tls;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private static KeyStore store(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
        }
        return ks;
    }

    private static String onlyKey(KeyStore keys, Path file) throws GeneralSecurityException {
        String found = null;
        for (String a : Collections.list(keys.aliases())) {
            if (keys.isKeyEntry(a)) {
                if (found != null) {
                    throw new GeneralSecurityException(file + " holds more than one key");
                }
                found = a;
            }
        }
        if (found == null || !(keys.getCertificate(found) instanceof X509Certificate)) {
            throw new GeneralSecurityException(file + " holds no key with an X.509 certificate");
        }
        return found;
    }
}
