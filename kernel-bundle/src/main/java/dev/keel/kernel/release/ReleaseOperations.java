package dev.keel.kernel.release;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.osgi.service.log.Logger;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.deploy.LiveUpdate;
import dev.keel.kernel.util.LogText;

/**
 * Canary, promote and rollback of one plugin. Promote and rollback move the
 * traffic, then drain the versions that lost it through live update's gates
 * (they return as soon as those versions have no call in flight, at most
 * {@code drain.ms}), then uninstall them. No lock is held while they wait:
 * one operation per plugin runs at a time, and others go on meanwhile.
 */
final class ReleaseOperations {

    /** Uninstalls a plugin bundle (as {@code keel:uninstall} does). */
    interface Uninstaller {
        void uninstall(long bundleId);
    }

    /** Keeps a plugin's split in {@code etc/keel.release.cfg}; an empty canary clears it. */
    interface Persister {
        void persist(String plugin, String canary, int weight);
    }

    /** Posts {@code keel/release/<what>}. */
    interface Events {
        void post(String what, String plugin, String version, Map<String, Object> more);
    }

    private final PluginRuntime runtime;
    private final Splits splits;
    private final LiveUpdate live;
    private final Uninstaller uninstaller;
    private final Persister persister;
    private final Events events;
    private final LongSupplier drainMs;
    private final Logger log;
    /** Plugins an operation is under way for. */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    ReleaseOperations(PluginRuntime runtime, Splits splits, LiveUpdate live, Uninstaller uninstaller,
            Persister persister, Events events, LongSupplier drainMs, Logger log) {
        this.runtime = runtime;
        this.splits = splits;
        this.live = live;
        this.uninstaller = uninstaller;
        this.persister = persister;
        this.events = events;
        this.drainMs = drainMs;
        this.log = log;
    }

    String canary(String plugin, String version, int weight) {
        claim(plugin);
        try {
            List<PluginStatus> pair = checkCanary(plugin, version, weight);
            splits.put(plugin, new ReleasePolicy.Split(version, weight));
            persister.persist(plugin, version, weight);
            log.info("release: {} {} gets {}% of the traffic, {} {} the rest", plugin, pair.get(0).version(), weight,
                    plugin, pair.get(1).version());
            events.post("CANARY", plugin, pair.get(0).version(), Map.of("weight", weight));
            return plugin + " " + pair.get(0).version() + " now gets " + weight + "% of the traffic, "
                    + pair.get(1).version() + " the rest";
        } finally {
            busy.remove(plugin);
        }
    }

    /**
     * Checks that {@code version} can be the plugin's canary here: installed and ACTIVE beside a stable version.
     *
     * @return the canary's instance and the stable one
     */
    List<PluginStatus> checkCanary(String plugin, String version, int weight) {
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight must be from 0 to 100 (percent), not " + weight);
        }
        List<PluginStatus> instances = instances(plugin);
        List<PluginStatus> canary = matching(instances, version);
        if (canary.isEmpty()) {
            throw new IllegalArgumentException(plugin + " has no version " + version + " installed (it runs "
                    + versions(instances) + "); keel:install its jar first");
        }
        Optional<PluginStatus> stable = instances.stream().filter(p -> !ReleasePolicy.matches(p.version(), version))
                .findFirst();
        if (stable.isEmpty()) {
            throw new IllegalArgumentException(plugin + " runs only " + versions(instances)
                    + ": a canary needs a stable version beside it");
        }
        if (canary.stream().noneMatch(p -> p.state() == PluginState.ACTIVE)) {
            throw new IllegalArgumentException(plugin + " " + canary.get(0).version() + " is "
                    + canary.get(0).state() + ": start it before sending it traffic");
        }
        return List.of(canary.get(0), stable.get());
    }

    /**
     * Takes a canary split another node of the cluster set, without the checks of {@link #canary}: the version
     * may not be installed (or ACTIVE) here yet, and gets its share as soon as it is.
     */
    void adoptCanary(String plugin, String version, int weight, String from) {
        splits.put(plugin, new ReleasePolicy.Split(version, weight));
        log.info("release: {} {} gets {}% of the traffic (set on {})", plugin, version, weight, LogText.escape(from));
        events.post("CANARY", plugin, version, Map.of("weight", weight));
    }

    /** Whether this node runs the plugin (any version, in any state). */
    boolean runs(String plugin) {
        return runtime.plugins().stream().anyMatch(p -> p.name().equals(plugin));
    }

    String promote(String plugin, String version) {
        claim(plugin);
        try {
            ReleasePolicy.Split split = splits.get(plugin);
            String target = version != null ? version : split != null ? split.canary() : null;
            if (target == null) {
                throw new IllegalArgumentException(plugin + " has no canary: name the version to promote");
            }
            List<PluginStatus> instances = instances(plugin);
            List<PluginStatus> chosen = checkPromote(plugin, target);
            List<PluginStatus> old = instances.stream().filter(p -> !ReleasePolicy.matches(p.version(), target))
                    .toList();
            splits.put(plugin, new ReleasePolicy.Split(target, 100));
            List<String> removed = drainAndRemove(old);
            splits.remove(plugin);
            persister.persist(plugin, "", 0);
            String v = chosen.get(0).version();
            log.info("release: {} {} promoted: all traffic; {} uninstalled", plugin, v,
                    removed.isEmpty() ? "nothing else" : String.join(", ", removed));
            events.post("PROMOTED", plugin, v, Map.of("removed", String.join(",", removed)));
            return plugin + " " + v + " promoted: it gets all traffic"
                    + (removed.isEmpty() ? "" : "; uninstalled " + String.join(", ", removed));
        } finally {
            busy.remove(plugin);
        }
    }

    /** Checks that {@code target} may be promoted here: an instance of it is ACTIVE. Returns its instances. */
    List<PluginStatus> checkPromote(String plugin, String target) {
        List<PluginStatus> instances = instances(plugin);
        List<PluginStatus> chosen = matching(instances, target);
        if (chosen.stream().noneMatch(p -> p.state() == PluginState.ACTIVE)) {
            throw new IllegalArgumentException(plugin + " " + target + " is not ACTIVE (it runs "
                    + versions(instances) + "): nothing promoted");
        }
        return chosen;
    }

    String rollback(String plugin, String reason, boolean automatic) {
        claim(plugin);
        try {
            ReleasePolicy.Split split = splits.get(plugin);
            if (split == null) {
                throw new IllegalArgumentException(plugin + " has no canary to roll back (keel:releases lists them)");
            }
            List<PluginStatus> canary = matching(instances(plugin), split.canary());
            splits.put(plugin, new ReleasePolicy.Split(split.canary(), 0));
            List<String> removed = drainAndRemove(canary);
            splits.remove(plugin);
            persister.persist(plugin, "", 0);
            String v = canary.isEmpty() ? split.canary() : canary.get(0).version();
            String what = removed.isEmpty() ? "nothing" : String.join(", ", removed);
            if (automatic) {
                log.warn("release: {} {} rolled back automatically: {}; uninstalled {}", plugin, v, reason, what);
            } else {
                log.info("release: {} {} rolled back by hand; uninstalled {}", plugin, v, what);
            }
            events.post("ROLLED_BACK", plugin, v, Map.of("reason", reason, "automatic", automatic));
            return plugin + " " + v + " rolled back: the stable version gets all traffic"
                    + (removed.isEmpty() ? "" : "; uninstalled " + String.join(", ", removed));
        } finally {
            busy.remove(plugin);
        }
    }

    /** Whether an operation on the plugin is under way (the automatic rollback leaves it alone then). */
    boolean busy(String plugin) {
        return busy.contains(plugin);
    }

    private void claim(String plugin) {
        if (!busy.add(plugin)) {
            throw new IllegalArgumentException("another release operation on " + plugin
                    + " is under way; try again when it has finished");
        }
    }

    /**
     * Drains the instances' bundles (their traffic has moved: calls in flight
     * finish, new ones are refused and choose again), then uninstalls them.
     * Returns what went.
     */
    private List<String> drainAndRemove(List<PluginStatus> instances) {
        List<Long> ids = instances.stream().map(PluginStatus::bundleId).distinct().toList();
        long ms = drainMs.getAsLong();
        if (!live.drain(ids, Duration.ofMillis(Math.max(0, ms)))) {
            log.warn("release: calls still in flight in bundle(s) {} after drain.ms = {}; removing them anyway", ids, ms);
        }
        List<String> removed = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            long id = ids.get(i);
            String version = instances.stream().filter(p -> p.bundleId() == id).findFirst().orElseThrow().version();
            try {
                uninstaller.uninstall(id);
            } catch (RuntimeException e) {
                ids.subList(i, ids.size()).forEach(live::reopen); // still installed: they serve again
                throw e;
            }
            removed.add(version + " (bundle " + id + ")");
        }
        return removed;
    }

    private List<PluginStatus> instances(String plugin) {
        List<PluginStatus> all = runtime.plugins().stream().filter(p -> p.name().equals(plugin))
                .sorted(Comparator.comparingLong(PluginStatus::bundleId)).toList();
        if (all.isEmpty()) {
            throw new IllegalArgumentException("unknown plugin: " + plugin + " (keel:plugins lists them)");
        }
        return all;
    }

    private static List<PluginStatus> matching(List<PluginStatus> instances, String version) {
        return instances.stream().filter(p -> ReleasePolicy.matches(p.version(), version)).toList();
    }

    private static String versions(List<PluginStatus> instances) {
        return String.join(", ", instances.stream().map(PluginStatus::version).toList());
    }
}
