package dev.keel.itests;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.keel.itests.KeelProcess.Result;

/** Nodes of a test cluster: copies of the distribution with {@code keel.cluster} on, all on one database. */
final class ClusterNodes {

    private ClusterNodes() {
    }

    /** A node {@code id} on ZooKeeper {@code zk} and database {@code url}, without the plugin jars named. */
    static KeelProcess node(String id, ZooKeeperProcess zk, Postgres pg, String url, String... notHere)
            throws IOException {
        KeelProcess keel = KeelProcess.copyOfDistribution();
        Path home = keel.home();
        Files.writeString(home.resolve("etc/keel.storage.cfg"), pg.storageConfig(url));
        Files.writeString(home.resolve("etc/keel.cluster.cfg"), "enabled = true\nnode.id = " + id
                + "\nzookeeper = " + zk.address() + "\nhost = 127.0.0.1\n");
        keys(home, id, zk);
        try (Stream<Path> jars = Files.list(home.resolve("deploy"))) {
            for (Path jar : jars.toList()) {
                String name = jar.getFileName().toString();
                if (Stream.of(notHere).anyMatch(name::startsWith)) {
                    Files.delete(jar);
                }
            }
        }
        return keel;
    }

    /**
     * The node's TLS keys in its {@code etc/cluster-tls}, signed by the CA of the test's cluster (one per ZooKeeper
     * server, kept in the ZooKeeper's folder), made with the distribution's own {@code bin/keel-cluster-keys}.
     */
    static void keys(Path home, String id, ZooKeeperProcess zk) throws IOException {
        Path ca = zk.dir().resolve("cluster-ca");
        if (!Files.exists(ca.resolve("ca.p12"))) {
            keysCommand(home, "ca", ca.toString());
        }
        keysCommand(home, "node", ca.toString(), id, "127.0.0.1", home.resolve("etc/cluster-tls").toString());
    }

    static void keysCommand(Path home, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                home.resolve("bin/keel-cluster-keys").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("bin/keel-cluster-keys " + String.join(" ", args) + " hangs");
            }
            assertEquals(out, 0, p.exitValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Starts a node and waits until it is ready (a node whose plugins need another node's may take a while). */
    static void start(KeelProcess keel) throws Exception {
        Result start = keel.commandWithEnv(Map.of("KEEL_START_TIMEOUT", "180"), "start");
        assertEquals(start.toString() + "\n" + keel.log(), 0, start.exit());
    }
}
