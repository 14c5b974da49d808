package dev.keel.cluster.tls;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Remote calls over the cluster's TLS transport on loopback (one process: the serving and the calling node's keys
 * from bin/keel-cluster-keys): latency of a call on a pooled connection, calls/s from 1 and 4 threads, and a call
 * that opens its own connection (a TLS 1.3 handshake with client certificates each time). Prints the figures; exits
 * 1 when a call fails or answers wrong. A figure, not a test.
 */
public final class TlsCallBench {

    /** The exported contract: an argument and a result of the kinds business contracts use. */
    public interface Charges {
        List<Object> charge(String key, long amount, Map<String, Object> details);
    }

    private TlsCallBench() {
    }

    public static void main(String[] args) throws Exception {
        Path keys = Path.of(args[0]);
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        NodeTls serving = NodeTls.load(keys.resolve("a"));
        NodeTls calling = NodeTls.load(keys.resolve("b"));
        Charges impl = (key, amount, details) -> List.of(key, amount + 1, details.size());
        TlsServer server = new TlsServer(serving, "127.0.0.1", 0, new Class<?>[] {Charges.class},
                (method, a, who) -> method.invoke(impl, a), new TlsServer.Limits(8 << 20, 256, 10_000, 60_000),
                System.err::println);
        Wire.Identity ada = new Wire.Identity("ada", "keel", List.of("customer"), Map.of("email", "ada@example.com"));
        try (Connections pool = new Connections(calling, "127.0.0.1", server.port(), 10_000)) {
            Charges remote = proxy(pool, ada);
            run(remote, calls / 4); // warm-up
            long[] nanos = run(remote, calls);
            Arrays.sort(nanos);
            long total = Arrays.stream(nanos).sum();
            System.out.printf("pooled connection, 1 thread: %d calls, p50 %.1f us, p99 %.1f us, %.0f calls/s%n", calls,
                    nanos[calls / 2] / 1e3, nanos[(int) (calls * 0.99)] / 1e3, calls / (total / 1e9));
            ExecutorService threads = Executors.newFixedThreadPool(4);
            long t0 = System.nanoTime();
            List<Future<long[]>> parts = threads.invokeAll(List.of(() -> run(remote, calls / 4),
                    () -> run(remote, calls / 4), () -> run(remote, calls / 4), () -> run(remote, calls / 4)));
            for (Future<long[]> f : parts) {
                f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            threads.shutdown();
            threads.awaitTermination(10, TimeUnit.SECONDS);
            System.out.printf("pooled connections, 4 threads: %d calls, %.0f calls/s%n", calls, calls / seconds);
        }
        int fresh = Math.max(50, calls / 100);
        long[] handshakes = new long[fresh];
        for (int i = 0; i < fresh; i++) {
            try (Connections own = new Connections(calling, "127.0.0.1", server.port(), 10_000)) {
                long t0 = System.nanoTime();
                check(proxy(own, ada).charge("k" + i, i, Map.of()), "k" + i, i + 1);
                handshakes[i] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(handshakes);
        System.out.printf("new connection per call (handshake + call): %d calls, p50 %.2f ms, p99 %.2f ms%n", fresh,
                handshakes[fresh / 2] / 1e6, handshakes[(int) (fresh * 0.99)] / 1e6);
        server.close();
    }

    private static Charges proxy(Connections pool, Wire.Identity who) {
        return (Charges) Proxy.newProxyInstance(Charges.class.getClassLoader(), new Class<?>[] {Charges.class},
                new TlsClient(pool, Charges.class.getClassLoader(), () -> who, 8 << 20, "bench"));
    }

    private static long[] run(Charges remote, int n) {
        long[] nanos = new long[n];
        Map<String, Object> details = Map.of("order", "o-1", "currency", "EUR");
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            List<Object> r = remote.charge("k" + i, i, details);
            nanos[i] = System.nanoTime() - t0;
            check(r, "k" + i, i + 1);
        }
        return nanos;
    }

    private static void check(List<Object> r, String key, long amount) {
        if (!r.equals(List.of(key, amount, r.get(2))) || !(r.get(2) instanceof Integer)) {
            System.err.println("bench/cluster-tls: FAILED: wrong answer " + r);
            System.exit(1);
        }
    }
}
