package dev.keel.kernel.release;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import dev.keel.kernel.governance.GovernanceMetrics;

/**
 * The last 15 minutes of each plugin version's traffic, for the web console's
 * charts ({@code GET /admin/traffic}): every 5 s the calls, errors and latency
 * buckets since the last sample, as calls/s, error rate and p99; with the
 * versions' roles and the automatic-rollback threshold of {@code keel.release}.
 */
@Component(service = TrafficHistory.class, immediate = true)
public final class TrafficHistory {

    static final long INTERVAL_MS = 5_000;
    static final long WINDOW_MS = 15 * 60_000;

    private final Releases releases;
    private final GovernanceMetrics metrics;
    private final TrafficSeries series;
    private final ScheduledExecutorService timer;

    @Activate
    public TrafficHistory(@Reference Releases releases, @Reference GovernanceMetrics metrics) {
        this.releases = releases;
        this.metrics = metrics;
        this.series = new TrafficSeries(WINDOW_MS);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "keel-traffic");
            t.setDaemon(true);
            return t;
        });
        series.sample(Clock.systemUTC().millis(), metrics.totals());
        timer.scheduleAtFixedRate(this::sample, INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    private void sample() {
        try {
            series.sample(Clock.systemUTC().millis(), metrics.totals());
        } catch (RuntimeException e) {
            // a failed scrape is a gap in the charts; the next sample takes the difference from the last good one
        }
    }

    /** The answer of {@code GET /admin/traffic}. */
    public Map<String, Object> view() {
        Releases.Config c = releases.settings();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("now", Clock.systemUTC().millis());
        out.put("intervalS", INTERVAL_MS / 1000);
        out.put("windowS", WINDOW_MS / 1000);
        out.put("rollbackEnabled", c.rollback_enabled());
        out.put("rollbackErrorRate", c.rollback_error_rate());
        Map<String, Map<String, String>> roles = new HashMap<>();
        Map<String, String> canaries = new HashMap<>();
        for (Releases.ReleaseView r : releases.releases()) {
            canaries.put(r.plugin(), r.canary());
            for (Releases.VersionView v : r.versions()) {
                roles.computeIfAbsent(r.plugin(), p -> new HashMap<>()).put(v.version(), v.role());
            }
        }
        Map<String, List<Map<String, Object>>> byPlugin = new TreeMap<>();
        series.forEach((plugin, version, samples) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("version", version);
            v.put("role", roles.getOrDefault(plugin, Map.of()).getOrDefault(version, "removed"));
            v.put("samples", samples);
            byPlugin.computeIfAbsent(plugin, p -> new ArrayList<>()).add(v);
        });
        List<Map<String, Object>> plugins = new ArrayList<>();
        byPlugin.forEach((plugin, versions) -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("plugin", plugin);
            p.put("canary", canaries.get(plugin));
            p.put("versions", versions);
            plugins.add(p);
        });
        out.put("plugins", plugins);
        return out;
    }

}
