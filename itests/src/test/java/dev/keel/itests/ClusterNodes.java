package dev.keel.itests;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import dev.keel.itests.KeelProcess.Result;

/** Nodes of a test cluster: copies of the distribution with {@code keel.cluster} on, all on one database. */
final class ClusterNodes {

    private ClusterNodes() {
    }

    /** A node {@code id} on ZooKeeper {@code zk} and database {@code url}, without the plugin jars named. */
    static KeelProcess node(String id, ZooKeeperProcess zk, Postgres pg, String url, String... notHere)
            throws IOException {
        return node(id, "127.0.0.1", zk, pg, url, notHere);
    }

    /** Like {@link #node(String, ZooKeeperProcess, Postgres, String, String...)}, its exports at {@code host}. */
    static KeelProcess node(String id, String host, ZooKeeperProcess zk, Postgres pg, String url, String... notHere)
            throws IOException {
        KeelProcess keel = KeelProcess.copyOfDistribution();
        Path home = keel.home();
        Files.writeString(home.resolve("etc/keel.storage.cfg"), pg.storageConfig(url));
        Files.writeString(home.resolve("etc/keel.cluster.cfg"), "enabled = true\nnode.id = " + id
                + "\nzookeeper = " + zk.address() + "\nhost = " + host + "\n");
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

    /** Starts a node and waits until it is ready (a node whose plugins need another node's may take a while). */
    static void start(KeelProcess keel) throws Exception {
        Result start = keel.commandWithEnv(Map.of("KEEL_START_TIMEOUT", "180"), "start");
        assertEquals(start.toString() + "\n" + keel.log(), 0, start.exit());
    }
}
