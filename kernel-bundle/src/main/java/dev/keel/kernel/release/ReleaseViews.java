package dev.keel.kernel.release;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.governance.GovernanceMetrics;

/** What {@code keel:releases} and {@code GET /admin/releases} show: each plugin's versions, roles, weights, counts. */
final class ReleaseViews {

    private final PluginRuntime runtime;
    private final Splits splits;
    private final GovernanceMetrics metrics;

    ReleaseViews(PluginRuntime runtime, Splits splits, GovernanceMetrics metrics) {
        this.runtime = runtime;
        this.splits = splits;
        this.metrics = metrics;
    }

    List<Releases.ReleaseView> releases() {
        Map<String, List<PluginStatus>> byName = new TreeMap<>();
        for (PluginStatus p : runtime.plugins()) {
            byName.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(p);
        }
        List<Releases.ReleaseView> out = new ArrayList<>();
        for (Map.Entry<String, List<PluginStatus>> e : byName.entrySet()) {
            String plugin = e.getKey();
            List<PluginStatus> instances = e.getValue().stream().sorted(Comparator.comparingLong(PluginStatus::bundleId))
                    .toList();
            ReleasePolicy.Split split = splits.get(plugin);
            Map<String, long[]> counts = counts(metrics, plugin);
            List<String> active = instances.stream().filter(p -> p.state() == PluginState.ACTIVE)
                    .map(PluginStatus::version).toList();
            String canaryVersion = split == null ? null : ReleasePolicy.highestMatching(active, split.canary()).orElse(null);
            String stableVersion = split == null ? (active.isEmpty() ? null : active.get(0))
                    : ReleasePolicy.stable(active, split.canary()).orElse(null);
            List<Releases.VersionView> versions = new ArrayList<>();
            for (PluginStatus p : instances) {
                String role;
                int weight;
                if (p.version().equals(canaryVersion) && stableVersion != null) {
                    role = "canary";
                    weight = split.weight();
                } else if (p.version().equals(stableVersion)) {
                    role = "stable";
                    weight = canaryVersion == null ? 100 : 100 - split.weight();
                } else if (p.version().equals(canaryVersion)) {
                    role = "canary";
                    weight = 100;
                } else {
                    role = p.state() == PluginState.ACTIVE ? "idle" : "-";
                    weight = 0;
                }
                long[] c = counts.getOrDefault(p.version(), new long[2]);
                versions.add(new Releases.VersionView(p.version(), p.bundleId(), p.state().name(), role, weight, c[0],
                        c[1]));
            }
            out.add(new Releases.ReleaseView(plugin, split == null ? null : split.canary(),
                    split == null ? 0 : split.weight(), versions));
        }
        return out;
    }

    /** Calls and errors (governed calls and routed requests) per version of a plugin, since the kernel started. */
    static Map<String, long[]> counts(GovernanceMetrics metrics, String plugin) {
        Map<String, long[]> m = new HashMap<>();
        for (GovernanceMetrics.Row r : metrics.rows(plugin)) {
            long[] c = m.computeIfAbsent(r.version(), v -> new long[2]);
            c[0] += r.count();
            c[1] += r.errors();
        }
        return m;
    }
}
