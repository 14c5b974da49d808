package dev.keel.kernel.governance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * One plugin version's calls since the kernel started, over every route and
 * contract (routed requests and governed calls, as {@code keel:releases}
 * counts them): calls, errors and the latency histogram's classic buckets
 * (counts per bucket, not cumulative; the same bounds for every version).
 */
public record VersionTotals(String plugin, String version, long calls, long errors, double[] bounds, long[] buckets) {

    static List<VersionTotals> of(MetricSnapshots all) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, double[]> bounds = new LinkedHashMap<>();
        Map<String, long[]> buckets = new LinkedHashMap<>();
        for (MetricSnapshot s : all) {
            String name = s.getMetadata().getName();
            boolean calls = name.equals(GovernanceMetrics.SERVICE_CALLS) || name.equals(GovernanceMetrics.HTTP_REQUESTS);
            boolean errors = name.equals(GovernanceMetrics.SERVICE_ERRORS) || name.equals(GovernanceMetrics.HTTP_ERRORS);
            for (var dp : s.getDataPoints()) {
                String key = dp.getLabels().get("plugin") + "\n" + dp.getLabels().get("version");
                if (calls || errors) {
                    long v = (long) ((CounterSnapshot.CounterDataPointSnapshot) dp).getValue();
                    counts.computeIfAbsent(key, k -> new long[2])[calls ? 0 : 1] += v;
                } else if (dp instanceof HistogramSnapshot.HistogramDataPointSnapshot h) {
                    var classic = h.getClassicBuckets();
                    double[] b = bounds.computeIfAbsent(key, k -> new double[classic.size()]);
                    long[] c = buckets.computeIfAbsent(key, k -> new long[classic.size()]);
                    int i = 0;
                    for (var bucket : classic) {
                        if (i < b.length) {
                            b[i] = bucket.getUpperBound();
                            c[i] += bucket.getCount();
                        }
                        i++;
                    }
                }
            }
        }
        List<VersionTotals> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            String[] pv = e.getKey().split("\n", 2);
            out.add(new VersionTotals(pv[0], pv[1], e.getValue()[0], e.getValue()[1],
                    bounds.getOrDefault(e.getKey(), new double[0]), buckets.getOrDefault(e.getKey(), new long[0])));
        }
        return out;
    }
}
