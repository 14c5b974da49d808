package dev.keel.cluster.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Keys made by the distribution's own bin/keel-cluster-keys (keytool), as an operator makes them. */
final class TestKeys {

    static final Path SCRIPT = Path.of("../distribution/src/main/dist/bin/keel-cluster-keys").toAbsolutePath();

    private TestKeys() {
    }

    static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("keel-cluster-keys hangs");
        }
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    static Path ca(Path dir) throws IOException, InterruptedException {
        run("ca", dir.toString());
        return dir;
    }

    static Path node(Path ca, String name, String hosts, Path out) throws IOException, InterruptedException {
        run("node", ca.toString(), name, hosts, out.toString());
        return out;
    }

    /** A client context that trusts the CA of a node folder but has no certificate of its own. */
    static SSLContext trustOnly(Path nodeDir) throws Exception {
        char[] password = Files.readString(nodeDir.resolve(NodeTls.PASSWORD)).strip().toCharArray();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(nodeDir.resolve(NodeTls.TRUST))) {
            trust.load(in, password);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext c = SSLContext.getInstance(NodeTls.PROTOCOL);
        c.init(null, tmf.getTrustManagers(), null);
        return c;
    }
}
