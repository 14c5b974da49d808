package dev.keel.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Hosts for a cluster test on this one machine. Where the test may create network namespaces (root, iproute2), each
 * host is a namespace of the test's own with its own address, joined to a bridge of the test's own by a veth pair:
 * nodes then reach each other, ZooKeeper and PostgreSQL (which listen on the bridge's address, {@link #gateway()})
 * as separate hosts do, and {@link #cut} takes one host off the network as a partition would (its link goes down:
 * packets are dropped, nothing answers or refuses). Elsewhere every host is 127.0.0.1 with ports of its own, and
 * {@link #isolated()} is false: the test says so in its output and freezes a node's process instead of cutting it off.
 * {@link #close} removes the namespaces and the bridge (also when the test JVM exits first).
 */
final class TestHosts implements AutoCloseable {

    private final String tag;
    private final String subnet;
    private final int hosts;
    private final boolean isolated;
    private final String whyNot;
    private final Thread cleanup = new Thread(this::remove, "test-hosts-cleanup");

    private TestHosts(String tag, String subnet, int hosts, boolean isolated, String whyNot) {
        this.tag = tag;
        this.subnet = subnet;
        this.hosts = hosts;
        this.isolated = isolated;
        this.whyNot = whyNot;
    }

    /** {@code hosts} hosts: namespaces when they can be made, else loopback. */
    static TestHosts create(int hosts) throws IOException, InterruptedException {
        String tag = String.valueOf(ProcessHandle.current().pid() % 100_000);
        String why = reasonNotToIsolate();
        if (why != null) {
            return new TestHosts(tag, null, hosts, false, why);
        }
        String subnet = freeSubnet();
        TestHosts net = new TestHosts(tag, subnet, hosts, true, null);
        Runtime.getRuntime().addShutdownHook(net.cleanup);
        try {
            net.build();
        } catch (AssertionError e) {
            net.remove();
            return new TestHosts(tag, null, hosts, false, "creating namespaces failed: " + e.getMessage());
        }
        return net;
    }

    /** Whether each host is a network namespace of its own. */
    boolean isolated() {
        return isolated;
    }

    /** One line for the test's output: how the hosts are made. */
    String describe() {
        return isolated
                ? hosts + " network namespaces (" + subnet + ".0/24 on bridge " + bridge() + ", the test side "
                        + gateway() + ")"
                : "loopback ports, no network namespaces (" + whyNot + ")";
    }

    /** The address ZooKeeper and PostgreSQL listen on, which every host reaches. */
    String gateway() {
        return isolated ? subnet + ".1" : "127.0.0.1";
    }

    /** The CIDR range of the hosts' addresses. */
    String range() {
        return isolated ? subnet + ".0/24" : "127.0.0.1/32";
    }

    /** Host {@code i}'s address (1-based). */
    String address(int i) {
        return isolated ? subnet + "." + (10 + i) : "127.0.0.1";
    }

    /** What runs a command on host {@code i}: {@code ip netns exec NAME}, or nothing on loopback. */
    List<String> launcher(int i) {
        return isolated ? List.of("ip", "netns", "exec", namespace(i)) : List.of();
    }

    /** Takes host {@code i} off the network: its link goes down, so packets to and from it are dropped. */
    void cut(int i) {
        requireIsolated();
        ip("link", "set", veth(i, 'r'), "down");
    }

    /** Puts host {@code i} back on the network. */
    void heal(int i) {
        requireIsolated();
        ip("link", "set", veth(i, 'r'), "up");
    }

    @Override
    public void close() {
        if (isolated) {
            remove();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    private void build() {
        ip("link", "add", bridge(), "type", "bridge");
        ip("addr", "add", gateway() + "/24", "dev", bridge());
        ip("link", "set", bridge(), "up");
        for (int i = 1; i <= hosts; i++) {
            String ns = namespace(i);
            ip("netns", "add", ns);
            ip("link", "add", veth(i, 'r'), "type", "veth", "peer", "name", veth(i, 'n'));
            ip("link", "set", veth(i, 'n'), "netns", ns);
            ip("link", "set", veth(i, 'r'), "master", bridge());
            ip("link", "set", veth(i, 'r'), "up");
            ip("-n", ns, "addr", "add", address(i) + "/24", "dev", veth(i, 'n'));
            ip("-n", ns, "link", "set", veth(i, 'n'), "up");
            // bin/keel inside the namespace checks its node on 127.0.0.1
            ip("-n", ns, "link", "set", "lo", "up");
        }
    }

    private void remove() {
        for (int i = 1; i <= hosts; i++) {
            run(List.of("ip", "netns", "del", namespace(i)));
            run(List.of("ip", "link", "del", veth(i, 'r')));
        }
        run(List.of("ip", "link", "del", bridge()));
    }

    private void requireIsolated() {
        if (!isolated) {
            throw new IllegalStateException("no network namespaces: " + whyNot);
        }
    }

    private String bridge() {
        return "kb" + tag;
    }

    private String namespace(int i) {
        return "keel-" + tag + "-" + i;
    }

    /** A veth end of host {@code i}: {@code r} on the bridge, {@code n} in the namespace (at most 15 characters). */
    private String veth(int i, char side) {
        return "kv" + tag + side + i;
    }

    private static String reasonNotToIsolate() throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "the tests do not run as root";
        }
        if (run(List.of("ip", "netns", "list")) != 0) {
            return "'ip netns' does not work here (iproute2 missing?)";
        }
        return null;
    }

    /** A 10.213.N.0/24 no interface of this machine uses. */
    private static String freeSubnet() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "-o", "-4", "addr").redirectErrorStream(true).start();
        String used = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        int start = (int) (ProcessHandle.current().pid() % 250);
        for (int k = 0; k < 250; k++) {
            String subnet = "10.213." + (start + k) % 250;
            if (!used.contains(" " + subnet + ".")) {
                return subnet;
            }
        }
        throw new AssertionError("no free 10.213.N.0/24 subnet:\n" + used);
    }

    private static void ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        int exit = run(cmd);
        if (exit != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed (exit " + exit + ")");
        }
    }

    private static int run(List<String> cmd) {
        try {
            Path out = Files.createTempFile("keel-ip", ".txt");
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return -1;
                }
                if (p.exitValue() != 0) {
                    System.err.println(String.join(" ", cmd) + ": " + Files.readString(out).trim());
                }
                return p.exitValue();
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
