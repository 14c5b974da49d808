package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.Test;

/**
 * Two nodes whose remote calls go over Keel's TLS provider, with keys from the distribution's
 * {@code bin/keel-cluster-keys}: a customer's order placed on A is charged by payment on B, which sees that
 * customer as the caller ({@code CallerContext}, logged with the charge), and B's export port gives
 * nothing to plain TCP, to a TLS client without a certificate or with one of another CA: each is refused before a
 * byte of it is read as a call, B serves no charge for them and logs the refused handshakes.
 */
public class ClusterTlsDistributionIT {

    private static final Duration JOIN = Duration.ofSeconds(90);
    private static final Pattern EXPORT = Pattern.compile(
            "exporting dev\\.keel\\.api\\.payment\\.PaymentService at tls://127\\.0\\.0\\.1:(\\d+)");

    @Test
    public void aCallCrossesOverTlsAndNothingElseGetsIn() throws Exception {
        try (ClusterNodes.PaymentApart nodes = ClusterNodes.PaymentApart.start("cluster_tls")) {
            KeelProcess a = nodes.a();
            KeelProcess b = nodes.b();
            // a customer's order: her token's subject is who the charge on B is made for
            Customers.Customer ada = Customers.register(a.api(), "Ada");
            ClusterNodes.awaitPaid(ada.api(), ada.id(), a, JOIN);
            Await.until("payment on node-b sees the customer who placed the order on node-a", Duration.ofSeconds(10),
                    () -> keelLog(b).contains("charged for " + ada.id()), () -> keelLog(b));

            int port = exportPort(b);
            long before = ClusterNodes.charges(b, v -> !v.contains("@"));
            assertTrue("B counts the charge it served: " + before, before >= 1);

            // plain TCP: a framed, serialized "call"; at most a TLS alert comes back
            byte[] plain = plainCall(port);
            assertTrue("plain TCP got " + plain.length + " bytes", plain.length == 0 || plain[0] == 21);

            // TLS trusting the cluster's CA, but without a client certificate
            Path aKeys = a.home().resolve("etc/cluster-tls");
            assertTrue("a client without a certificate got an answer",
                    refused(tls(null, aKeys), port));

            // a node certificate of another CA
            Path rogueCa = b.scratch().resolve("rogue-ca");
            Path rogue = b.scratch().resolve("rogue");
            ClusterNodes.keysCommand(b.home(), "ca", rogueCa.toString());
            ClusterNodes.keysCommand(b.home(), "node", rogueCa.toString(), "node-a", "127.0.0.1", rogue.toString());
            assertTrue("a node of another CA got an answer", refused(tls(rogue, rogue), port));

            assertEquals("B served no call for them", before, ClusterNodes.charges(b, v -> !v.contains("@")));
            Await.until("B logged the refused handshakes", Duration.ofSeconds(10),
                    () -> keelLog(b).contains("SSLHandshakeException"), () -> keelLog(b));
            System.out.printf("cluster TLS: order on node-a charged by node-b over TLS (port %d); plain TCP, no "
                    + "certificate and another CA refused%n", port);
        }
    }

    private static String keelLog(KeelProcess keel) {
        try {
            return Files.readString(keel.home().resolve("data/log/keel.log"));
        } catch (IOException e) {
            return "";
        }
    }

    private static int exportPort(KeelProcess b) {
        AtomicReference<Integer> port = new AtomicReference<>();
        Await.until("B logs its PaymentService export", Duration.ofSeconds(30), () -> {
            Matcher m = EXPORT.matcher(keelLog(b));
            Integer last = null;
            while (m.find()) {
                last = Integer.valueOf(m.group(1));
            }
            port.set(last);
            return last != null;
        }, () -> keelLog(b));
        return port.get();
    }

    private static byte[] framedCall() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(body)) {
            out.writeInt(1);
            out.writeUTF("charge(java.lang.String,java.lang.String,long,java.lang.String)");
            out.writeBoolean(false);
            out.writeObject(new Object[] {"k", "o-1", 100L, "EUR"});
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(frame);
        d.writeInt(body.size());
        d.write(body.toByteArray());
        return frame.toByteArray();
    }

    private static byte[] plainCall(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(15_000);
            s.getOutputStream().write(framedCall());
            s.getOutputStream().flush();
            try {
                return s.getInputStream().readAllBytes();
            } catch (IOException reset) {
                return new byte[0];
            }
        }
    }

    /** Whether a TLS client is refused: its handshake, its write or its read fails, and no answer comes. */
    private static boolean refused(SSLContext context, int port) throws IOException {
        try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(15_000);
            SSLParameters p = s.getSSLParameters();
            p.setProtocols(new String[] {"TLSv1.3"});
            s.setSSLParameters(p);
            try {
                s.startHandshake();
                s.getOutputStream().write(framedCall());
                s.getOutputStream().flush();
                return s.getInputStream().read() < 0;
            } catch (IOException refusedHere) {
                return true;
            }
        }
    }

    /** A client context: the key pair of {@code keys} (none when null) and the CA that {@code trust} trusts. */
    private static SSLContext tls(Path keys, Path trust) throws Exception {
        KeyManagerFactory kmf = null;
        if (keys != null) {
            char[] pw = Files.readString(keys.resolve("password")).strip().toCharArray();
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store(keys.resolve("node.p12"), pw), pw);
        }
        char[] tpw = Files.readString(trust.resolve("password")).strip().toCharArray();
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(store(trust.resolve("trust.p12"), tpw));
        SSLContext c = SSLContext.getInstance("TLSv1.3");
        c.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return c;
    }

    private static KeyStore store(Path file, char[] password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
        }
        return ks;
    }
}
