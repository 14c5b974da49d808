package dev.keel.kernel.governance;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.propertytypes.EventTopics;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;

/**
 * Which plugin (name, version, state) each bundle runs, read on every call of
 * a governed service: a snapshot of {@link PluginRuntime#plugins()}, taken
 * again on every {@code keel/plugin/*} event.
 */
@Component(service = {PluginDirectory.class, EventHandler.class})
@EventTopics(PluginState.TOPIC_PREFIX + "*")
public final class PluginDirectory implements EventHandler {

    private final PluginRuntime runtime;
    private volatile Map<Long, PluginStatus> byBundle = Map.of();

    @Activate
    public PluginDirectory(@Reference PluginRuntime runtime) {
        this.runtime = runtime;
        refresh();
    }

    @Override
    public void handleEvent(Event event) {
        refresh();
    }

    void refresh() {
        Map<Long, PluginStatus> m = new HashMap<>();
        for (PluginStatus p : runtime.plugins()) {
            m.putIfAbsent(p.bundleId(), p);
        }
        byBundle = Map.copyOf(m);
    }

    /** The plugin a bundle runs, or {@code null} when it runs none. */
    PluginStatus plugin(long bundleId) {
        return byBundle.get(bundleId);
    }
}
