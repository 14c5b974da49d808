package dev.keel.kernel.release;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.log.Logger;

import dev.keel.kernel.config.ConfigEditor;

/**
 * Where the release operations' results go beside the traffic: a node's split to {@code etc/keel.release.cfg}
 * (not while clustering is on: the cluster's store keeps the splits then), and {@code keel/release/*} events.
 */
final class ReleaseOutputs implements ReleaseOperations.Persister, ReleaseOperations.Events {

    private final ConfigEditor config;
    private final EventAdmin events;
    private final BooleanSupplier clustered;
    private final Logger log;

    ReleaseOutputs(ConfigEditor config, EventAdmin events, BooleanSupplier clustered, Logger log) {
        this.config = config;
        this.events = events;
        this.clustered = clustered;
        this.log = log;
    }

    @Override
    public void persist(String plugin, String canary, int weight) {
        if (clustered.getAsBoolean()) {
            return;
        }
        try {
            // one update: FileInstall's write-back of a first key could otherwise undo a second
            config.set(Releases.PID, Map.of(Splits.CANARY + plugin, canary, Splits.WEIGHT + plugin,
                    canary.isEmpty() ? "0" : String.valueOf(weight)));
        } catch (IOException | RuntimeException e) {
            log.error("release: the split of {} applies now but was not saved to etc/{}.cfg: {}", plugin,
                    Releases.PID, e.getMessage());
        }
    }

    @Override
    public void post(String what, String plugin, String version, Map<String, Object> more) {
        Map<String, Object> props = new LinkedHashMap<>(more);
        props.put("plugin.name", plugin);
        props.put("plugin.version", version);
        events.postEvent(new Event(Releases.TOPIC_PREFIX + what, props));
    }
}
