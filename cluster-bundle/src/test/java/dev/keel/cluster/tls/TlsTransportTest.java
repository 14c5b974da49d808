package dev.keel.cluster.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceException;

/**
 * The transport on real sockets with keys from bin/keel-cluster-keys: node A serves, node B calls; a node of another
 * CA, a client without a certificate, plain TCP and a server whose certificate names another host get nothing.
 */
class TlsTransportTest {

    /** What the tests export. */
    public interface Echo {
        String echo(String s);

        long add(long a, long b);

        void fail(String kind);
    }

    /** An exception of no API package: it must not cross as itself. */
    static final class Private extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Private(String m) {
            super(m);
        }
    }

    static final TlsServer.Limits LIMITS = new TlsServer.Limits(1 << 20, 16, 2_000, 10_000);

    @TempDir
    static Path keys;
    static NodeTls a;
    static NodeTls b;
    static NodeTls rogue;
    static NodeTls localhostOnly;
    static Path bDir;

    private final AtomicInteger invocations = new AtomicInteger();
    private final Queue<Wire.Identity> callers = new ConcurrentLinkedQueue<>();
    private final Queue<String> warnings = new ConcurrentLinkedQueue<>();
    private TlsServer server;

    @BeforeAll
    static void keys() throws Exception {
        Path ca = TestKeys.ca(keys.resolve("ca"));
        Path otherCa = TestKeys.ca(keys.resolve("other-ca"));
        a = NodeTls.load(TestKeys.node(ca, "node-a", "127.0.0.1", keys.resolve("a")));
        bDir = TestKeys.node(ca, "node-b", "127.0.0.1", keys.resolve("b"));
        b = NodeTls.load(bDir);
        rogue = NodeTls.load(TestKeys.node(otherCa, "node-a", "127.0.0.1", keys.resolve("rogue")));
        localhostOnly = NodeTls.load(TestKeys.node(ca, "node-c", "localhost", keys.resolve("c")));
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private TlsServer serve(NodeTls tls) throws IOException {
        Echo impl = new Echo() {
            @Override
            public String echo(String s) {
                return "echo " + s;
            }

            @Override
            public long add(long x, long y) {
                return x + y;
            }

            @Override
            public void fail(String kind) {
                throw "private".equals(kind) ? new Private("secret detail") : new IllegalArgumentException(kind);
            }
        };
        server = new TlsServer(tls, "127.0.0.1", 0, new Class<?>[] {Echo.class}, (method, args, who) -> {
            invocations.incrementAndGet();
            if (who != null) {
                callers.add(who);
            }
            return method.invoke(impl, args);
        }, LIMITS, warnings::add);
        return server;
    }

    private static Echo client(NodeTls tls, int port, Wire.Identity who) {
        Connections pool = new Connections(tls, "127.0.0.1", port, 5_000);
        return (Echo) Proxy.newProxyInstance(Echo.class.getClassLoader(), new Class<?>[] {Echo.class},
                new TlsClient(pool, Echo.class.getClassLoader(), () -> who, 1 << 20, "tls://127.0.0.1:" + port));
    }

    @Test
    void aNodeOfTheClusterCallsAnotherAndTheCallerTravels() throws Exception {
        int port = serve(a).port();
        Wire.Identity ada = new Wire.Identity("ada", "keel", List.of("customer"), Map.of("email", "ada@x"));
        Echo echo = client(b, port, ada);
        assertEquals("echo hi", echo.echo("hi"));
        assertEquals(5L, echo.add(2, 3));
        assertEquals(2, invocations.get());
        assertEquals(List.of(ada, ada), List.copyOf(callers));
        assertEquals("imported tls://127.0.0.1:" + port, echo.toString(), "Object methods stay local");
        assertEquals(2, invocations.get());
    }

    @Test
    void exceptionsCrossAsContractsAllowAndPrivateOnesDoNot() throws Exception {
        Echo echo = client(b, serve(a).port(), null);
        IllegalArgumentException iae = assertThrows(IllegalArgumentException.class, () -> echo.fail("bad input"));
        assertEquals("bad input", iae.getMessage());
        IllegalStateException ise = assertThrows(IllegalStateException.class, () -> echo.fail("private"));
        assertTrue(ise.getMessage().contains(Private.class.getName()), ise.getMessage());
    }

    @Test
    void aNodeWithACertificateOfAnotherCaIsRefused() throws Exception {
        Echo echo = client(rogue, serve(a).port(), null);
        ServiceException e = assertThrows(ServiceException.class, () -> echo.echo("let me in"));
        assertEquals(ServiceException.REMOTE, e.getType());
        assertEquals(0, invocations.get());
    }

    @Test
    void aNodeRefusesToCallAServerOfAnotherCa() throws Exception {
        Echo echo = client(b, serve(rogue).port(), null);
        assertThrows(ServiceException.class, () -> echo.echo("who are you"));
        assertEquals(0, invocations.get());
    }

    @Test
    void aClientWithoutACertificateGetsNothing() throws Exception {
        int port = serve(a).port();
        SSLSocket s = (SSLSocket) TestKeys.trustOnly(bDir).getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(5_000);
        SSLParameters p = s.getSSLParameters();
        p.setProtocols(new String[] {NodeTls.PROTOCOL});
        s.setSSLParameters(p);
        try (s) {
            assertThrows(IOException.class, () -> {
                s.startHandshake();
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                Frames.write(out, Wire.request("echo(java.lang.String)", null, new Object[] {"x"}));
                if (Frames.read(new DataInputStream(s.getInputStream()), 1 << 20) == null) {
                    throw new IOException("closed without an answer");
                }
            });
        }
        assertEquals(0, invocations.get());
    }

    @Test
    void plainTcpIsRefused() throws Exception {
        int port = serve(a).port();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(5_000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            Frames.write(out, Wire.request("echo(java.lang.String)", null, new Object[] {"x"}));
            byte[] answer;
            try {
                answer = s.getInputStream().readAllBytes();
            } catch (IOException reset) {
                answer = new byte[0];
            }
            // at most a TLS alert record (content type 21), never an answer
            assertTrue(answer.length == 0 || answer[0] == 21, "answered plain TCP with " + answer.length + " bytes");
        }
        assertEquals(0, invocations.get());
    }

    @Test
    void theCallerChecksThatTheServerCertificateNamesTheHostItCalls() throws Exception {
        // node-c's certificate is for "localhost" only; it is called at 127.0.0.1
        Echo echo = client(b, serve(localhostOnly).port(), null);
        ServiceException e = assertThrows(ServiceException.class, () -> echo.echo("x"));
        assertTrue(String.valueOf(e.getCause()).contains("SSLHandshakeException"), String.valueOf(e.getCause()));
        assertEquals(0, invocations.get());
    }

    @Test
    void theServerListensOnItsHostOnly() throws Exception {
        int port = serve(a).port();
        // 127.0.0.2 is this machine too (loopback is 127/8): a socket on every interface would accept it
        try (Socket s = new Socket()) {
            assertThrows(ConnectException.class, () -> s.connect(new InetSocketAddress("127.0.0.2", port), 2_000));
        }
    }

    @Test
    void anAnnouncedFrameOverTheLimitEndsTheConnection() throws Exception {
        int port = serve(a).port();
        try (SSLSocket s = b.connect("127.0.0.1", port, 5_000, 5_000)) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(LIMITS.maxFrameBytes() + 1);
            out.flush();
            int next;
            try {
                next = s.getInputStream().read();
            } catch (IOException closed) {
                next = -1;
            }
            assertEquals(-1, next);
        }
        assertEquals(0, invocations.get());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("refused")), String.valueOf(warnings));
    }

    @Test
    void aConnectionIsReusedForTheNextCall() throws Exception {
        int port = serve(a).port();
        Connections pool = new Connections(b, "127.0.0.1", port, 5_000);
        Echo echo = (Echo) Proxy.newProxyInstance(Echo.class.getClassLoader(), new Class<?>[] {Echo.class},
                new TlsClient(pool, Echo.class.getClassLoader(), () -> null, 1 << 20, "e"));
        echo.echo("1");
        Connections.Connection first = pool.take();
        pool.give(first);
        echo.echo("2");
        Connections.Connection second = pool.take();
        assertEquals(first, second);
        assertNotEquals(0, pool.sweep(System.currentTimeMillis()) + 1);
        second.close();
        assertInstanceOf(Echo.class, echo);
    }
}
