package dev.keel.kernel.log;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginStatus;

/** Which plugin (name, version) a bundle registered, from a snapshot of the plugin runtime refreshed as needed. */
final class PluginIdentity {

    /** A plugin's name and version. */
    record Id(String name, String version) {
    }

    private static final long MISS_REFRESH_NANOS = 50_000_000L;
    private static final long HIT_REFRESH_NANOS = 2_000_000_000L;

    private final Supplier<PluginRuntime> runtime;
    private volatile Map<Long, Id> byBundle = Map.of();
    private volatile long refreshedAt = System.nanoTime() - HIT_REFRESH_NANOS;

    PluginIdentity(Supplier<PluginRuntime> runtime) {
        this.runtime = runtime;
    }

    /** The plugin the bundle registered, or {@code null}. */
    Id lookup(long bundleId) {
        long age = System.nanoTime() - refreshedAt;
        Id id = byBundle.get(bundleId);
        if (age > HIT_REFRESH_NANOS || (id == null && age > MISS_REFRESH_NANOS)) {
            refresh();
            id = byBundle.get(bundleId);
        }
        return id;
    }

    private void refresh() {
        refreshedAt = System.nanoTime();
        PluginRuntime rt = runtime.get();
        if (rt == null) {
            return;
        }
        Map<Long, Id> map = new HashMap<>();
        try {
            for (PluginStatus p : rt.plugins()) {
                map.putIfAbsent(p.bundleId(), new Id(p.name(), p.version()));
            }
        } catch (RuntimeException e) {
            return; // the runtime is going away: keep the last snapshot
        }
        byBundle = Map.copyOf(map);
    }
}
