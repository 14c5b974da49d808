package dev.keel.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A ZooKeeper 3.9 server for a cluster test: a JVM of its own, run from the
 * distribution's {@code cluster/} jars (the ZooKeeper bundle carries the
 * server classes) on a free loopback port, with a short tick so a dead node's
 * session (at least two ticks) expires within seconds.
 */
public final class ZooKeeperProcess implements AutoCloseable {

    private final Path dir;
    private final String host;
    private final int port;
    private final Process process;

    private ZooKeeperProcess(Path dir, String host, int port, Process process) {
        this.dir = dir;
        this.host = host;
        this.port = port;
        this.process = process;
    }

    /** Starts a server on 127.0.0.1 and waits until it answers {@code ruok}. */
    public static ZooKeeperProcess start() throws IOException {
        return start("127.0.0.1");
    }

    /** Starts a server on {@code host} (an address of this machine) and waits until it answers {@code ruok}. */
    public static ZooKeeperProcess start(String host) throws IOException {
        Path dir = Files.createTempDirectory("keel-zookeeper");
        int port = KeelOptions.freePort();
        Path cfg = dir.resolve("zoo.cfg");
        Files.writeString(cfg, "tickTime=500\ndataDir=" + dir.resolve("data") + "\nclientPort=" + port
                + "\nclientPortAddress=" + host + "\nadmin.enableServer=false\n4lw.commands.whitelist=ruok\n");
        Path dist = KeelOptions.dist();
        String cp = String.join(java.io.File.pathSeparator, dist.resolve("cluster").resolve("*").toString(),
                dist.resolve("bundle/boot/slf4j-api.jar").toString(),
                dist.resolve("bundle/boot/slf4j-simple.jar").toString(), commonsIo(dist).toString());
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "-Xmx128m", "-cp", cp,
                "org.apache.zookeeper.server.ZooKeeperServerMain", cfg.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("zookeeper.log").toFile()).start();
        ZooKeeperProcess zk = new ZooKeeperProcess(dir, host, port, p);
        Await.until("ZooKeeper answers on port " + port, Duration.ofSeconds(60), zk::ok, zk::log);
        return zk;
    }

    /** The server's own folder (its configuration, data and log; a test cluster keeps its CA there too). */
    public Path dir() {
        return dir;
    }

    /** {@code host:port} for {@code keel.cluster} {@code zookeeper}. */
    public String address() {
        return host + ":" + port;
    }

    private boolean ok() {
        if (!process.isAlive()) {
            throw new AssertionError("ZooKeeper exited: " + log());
        }
        try (Socket s = new Socket()) {
            // bounded: a ruok that arrives while the server is still setting up can make ZooKeeper 3.9 fail to close
            // the command socket (its NullPointerException on zkDb in ServerCnxn), and an unbounded read then waits
            // forever; a timed-out probe is "not yet", and the next one asks again
            s.connect(new java.net.InetSocketAddress(host, port), 2_000);
            s.setSoTimeout(2_000);
            OutputStream out = s.getOutputStream();
            out.write("ruok".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).startsWith("imok");
        } catch (IOException notYet) {
            return false;
        }
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("zookeeper.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static Path commonsIo(Path dist) throws IOException {
        try (var s = Files.list(dist.resolve("bundle"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("commons-io-")).findFirst()
                    .orElseThrow(() -> new IOException("no commons-io in " + dist.resolve("bundle")));
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
