package dev.keel.kernel.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keel.kernel.governance.VersionTotals;

class TrafficSeriesTest {

    private static final double[] BOUNDS = {0.005, 0.01, 0.1, 1, Double.POSITIVE_INFINITY};

    private static VersionTotals totals(String version, long calls, long errors, long... buckets) {
        return new VersionTotals("payment", version, calls, errors, BOUNDS, buckets);
    }

    private static List<TrafficSeries.Sample> samples(TrafficSeries s, String version) {
        List<TrafficSeries.Sample> out = new ArrayList<>();
        s.forEach((plugin, v, samples) -> {
            if (v.equals(version)) {
                out.addAll(samples);
            }
        });
        return out;
    }

    @Test
    void eachSampleIsTheDifferenceSinceTheLastOne() {
        TrafficSeries s = new TrafficSeries(60_000);
        s.sample(0, List.of(totals("1.0.0", 100, 0, 100, 0, 0, 0, 0)));
        s.sample(5_000, List.of(totals("1.0.0", 150, 5, 100, 40, 10, 0, 0), totals("1.1.0", 10, 1, 0, 0, 9, 1, 0)));
        List<TrafficSeries.Sample> stable = samples(s, "1.0.0");
        assertEquals(1, stable.size());
        assertEquals(10.0, stable.get(0).rps(), 1e-9);
        assertEquals(10.0, stable.get(0).errorRate(), 1e-9);
        assertEquals(100.0, stable.get(0).p99Ms(), 1e-9, "the 99th of the 50 new calls is in the 0.1 s bucket");
        List<TrafficSeries.Sample> canary = samples(s, "1.1.0");
        assertEquals(2.0, canary.get(0).rps(), 1e-9, "a new version counts from zero");
        assertEquals(1000.0, canary.get(0).p99Ms(), 1e-9);
    }

    @Test
    void anIdleIntervalHasNoLatencyAndOldSamplesLeaveTheWindow() {
        TrafficSeries s = new TrafficSeries(10_000);
        s.sample(0, List.of(totals("1.0.0", 10, 0, 10, 0, 0, 0, 0)));
        s.sample(5_000, List.of(totals("1.0.0", 10, 0, 10, 0, 0, 0, 0)));
        assertEquals(0.0, samples(s, "1.0.0").get(0).rps());
        assertNull(samples(s, "1.0.0").get(0).p99Ms());
        s.sample(10_000, List.of(totals("1.0.0", 20, 0, 20, 0, 0, 0, 0)));
        s.sample(20_000, List.of(totals("1.0.0", 20, 0, 20, 0, 0, 0, 0)));
        assertEquals(List.of(10_000L, 20_000L), samples(s, "1.0.0").stream().map(TrafficSeries.Sample::t).toList());
    }

    @Test
    void metersThatStartedAgainGiveNoNegativeRates() {
        TrafficSeries s = new TrafficSeries(60_000);
        s.sample(0, List.of(totals("1.0.0", 100, 0, 100, 0, 0, 0, 0)));
        s.sample(5_000, List.of(totals("1.0.0", 3, 0, 3, 0, 0, 0, 0)));
        s.sample(10_000, List.of(totals("1.0.0", 8, 0, 8, 0, 0, 0, 0)));
        assertEquals(List.of(1.0), samples(s, "1.0.0").stream().map(TrafficSeries.Sample::rps).toList());
    }
}
