package dev.keel.kernel.governance;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.deploy.LiveUpdate;

/**
 * Which plugin (name, version, state) each bundle runs, read on every call of
 * a governed service: a snapshot of {@link PluginRuntime#plugins()}, taken
 * again only when live update's change generation has moved (a plugin state,
 * a registration), never per call.
 */
@Component(service = PluginDirectory.class)
public final class PluginDirectory {

    private final PluginRuntime runtime;
    private final LiveUpdate live;
    private volatile Snapshot snapshot = new Snapshot(Long.MIN_VALUE, Map.of());

    private record Snapshot(long generation, Map<Long, PluginStatus> byBundle) {
    }

    @Activate
    public PluginDirectory(@Reference PluginRuntime runtime, @Reference LiveUpdate live) {
        this.runtime = runtime;
        this.live = live;
        refresh();
    }

    /** Takes the snapshot again now (a provider registered: its plugin may be new). */
    void refresh() {
        long generation = live.generation(); // read before the states: a change after it makes the next look refresh
        Map<Long, PluginStatus> m = new HashMap<>();
        for (PluginStatus p : runtime.plugins()) {
            m.putIfAbsent(p.bundleId(), p);
        }
        snapshot = new Snapshot(generation, Map.copyOf(m));
    }

    /** The plugin a bundle runs, or {@code null} when it runs none. */
    PluginStatus plugin(long bundleId) {
        Snapshot s = snapshot;
        if (s.generation != live.generation()) {
            refresh();
            s = snapshot;
        }
        return s.byBundle.get(bundleId);
    }
}
