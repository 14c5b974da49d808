package dev.keel.kernel.release;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.keel.kernel.governance.VersionTotals;

/** Samples per plugin version over a window: the differences between consecutive totals. */
final class TrafficSeries {

    /** One interval of one version: calls/s, error rate in percent, p99 in ms (null without calls). */
    record Sample(long t, double rps, double errorRate, Double p99Ms, long calls, long errors) {
    }

    /** Receives each version's samples, oldest first. */
    interface Visitor {
        void visit(String plugin, String version, List<Sample> samples);
    }

    private final long windowMs;
    private final Map<String, Deque<Sample>> samples = new TreeMap<>();
    private Map<String, VersionTotals> last = Map.of();
    private long lastT = -1;

    TrafficSeries(long windowMs) {
        this.windowMs = windowMs;
    }

    synchronized void sample(long now, List<VersionTotals> totals) {
        Map<String, VersionTotals> current = new HashMap<>();
        for (VersionTotals t : totals) {
            current.put(t.plugin() + "\n" + t.version(), t);
        }
        if (lastT >= 0 && now > lastT) {
            double seconds = (now - lastT) / 1000.0;
            for (Map.Entry<String, VersionTotals> e : current.entrySet()) {
                VersionTotals after = e.getValue();
                VersionTotals before = last.get(e.getKey());
                long calls = after.calls() - (before == null ? 0 : before.calls());
                long errors = after.errors() - (before == null ? 0 : before.errors());
                if (calls < 0 || errors < 0) {
                    continue; // the meters started again (kernel refreshed): no difference to take
                }
                Double p99 = calls == 0 ? null : p99(after, before);
                samples.computeIfAbsent(e.getKey(), k -> new ArrayDeque<>()).addLast(new Sample(now, calls / seconds,
                        calls == 0 ? 0 : 100.0 * errors / calls, p99, calls, errors));
            }
        }
        for (Deque<Sample> d : samples.values()) {
            while (!d.isEmpty() && d.peekFirst().t() < now - windowMs) {
                d.removeFirst();
            }
        }
        samples.values().removeIf(Deque::isEmpty);
        last = current;
        lastT = now;
    }

    synchronized void forEach(Visitor visitor) {
        for (Map.Entry<String, Deque<Sample>> e : samples.entrySet()) {
            String[] pv = e.getKey().split("\n", 2);
            visitor.visit(pv[0], pv[1], new ArrayList<>(e.getValue()));
        }
    }

    /** The upper bound of the bucket holding the 99th percentile of the calls between two totals, in ms. */
    static Double p99(VersionTotals now, VersionTotals before) {
        long[] b = now.buckets().clone();
        if (before != null && before.buckets().length == b.length) {
            for (int i = 0; i < b.length; i++) {
                b[i] -= before.buckets()[i];
            }
        }
        long total = 0;
        for (long c : b) {
            total += c;
        }
        if (total <= 0) {
            return null;
        }
        double rank = Math.ceil(total * 0.99);
        long seen = 0;
        for (int i = 0; i < b.length; i++) {
            seen += b[i];
            if (seen >= rank) {
                double bound = now.bounds()[i];
                return Double.isInfinite(bound) ? null : bound * 1000;
            }
        }
        return null;
    }
}
