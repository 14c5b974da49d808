package dev.keel.kernel.release;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.log.Logger;

/**
 * Each plugin's canary split (from {@code etc/keel.release.cfg} or an
 * operation), the error window of its canary, and the version choice they
 * imply: the canary and stable versions among the active ones are resolved
 * once per split and set of active versions, not per request.
 */
final class Splits {

    static final String CANARY = "canary.";
    static final String WEIGHT = "weight.";
    static final String ROOT = "root";

    private final Map<String, ReleasePolicy.Split> splits = new ConcurrentHashMap<>();
    private final Map<String, ErrorWindow> windows = new ConcurrentHashMap<>();
    private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();
    private final Logger log;

    /** A split's canary and stable versions among {@code active}. */
    private record Resolved(ReleasePolicy.Split split, List<String> active, Optional<String> canary,
            Optional<String> stable) {
    }

    Splits(Logger log) {
        this.log = log;
    }

    /** Reads {@code canary.<plugin>} and {@code weight.<plugin>} (values the validator let through). */
    static Map<String, ReleasePolicy.Split> parse(Map<String, ?> properties) {
        Map<String, ReleasePolicy.Split> m = new HashMap<>();
        if (properties == null) {
            return m;
        }
        properties.forEach((key, value) -> {
            if (key.startsWith(CANARY) && !key.equals(CANARY + ROOT) && value != null
                    && !String.valueOf(value).isBlank()) {
                String plugin = key.substring(CANARY.length());
                Object w = properties.get(WEIGHT + plugin);
                int weight;
                try {
                    weight = w == null ? 0 : Integer.parseInt(String.valueOf(w).trim());
                } catch (NumberFormatException e) {
                    weight = 0;
                }
                m.put(plugin, new ReleasePolicy.Split(String.valueOf(value).trim(), Math.max(0, Math.min(100, weight))));
            }
        });
        return m;
    }

    /** Takes the splits of a configuration (the operations' own writes come back here too). */
    void apply(Map<String, ?> properties) {
        Map<String, ReleasePolicy.Split> parsed = parse(properties);
        splits.keySet().retainAll(parsed.keySet());
        parsed.forEach((plugin, split) -> {
            ReleasePolicy.Split old = splits.put(plugin, split);
            if (!split.equals(old)) {
                log.info("{}: {} {} gets {}% of the traffic", Releases.PID, plugin, split.canary(), split.weight());
                if (old == null || !old.canary().equals(split.canary())) {
                    windows.remove(plugin);
                }
            }
        });
    }

    /** Whether any plugin has a split (a canary) now. */
    boolean any() {
        return !splits.isEmpty();
    }

    ReleasePolicy.Split get(String plugin) {
        return splits.get(plugin);
    }

    /** Sets a plugin's split now; a new canary starts a new error window. */
    void put(String plugin, ReleasePolicy.Split split) {
        ReleasePolicy.Split old = splits.put(plugin, split);
        if (old == null || !old.canary().equals(split.canary())) {
            windows.remove(plugin);
        }
    }

    /** The plugin has no split any more (promoted or rolled back). */
    void remove(String plugin) {
        splits.remove(plugin);
        windows.remove(plugin);
        resolved.remove(plugin);
    }

    Map<String, ReleasePolicy.Split> all() {
        return Map.copyOf(splits);
    }

    ErrorWindow window(String plugin) {
        return windows.computeIfAbsent(plugin, p -> new ErrorWindow());
    }

    /**
     * The version of {@code plugin} to serve among the {@code active} ones
     * (in install order) for a sticky key and a forced version (either null).
     */
    Optional<String> choose(String plugin, List<String> active, String sticky, String forced) {
        ReleasePolicy.Split split = splits.get(plugin);
        if (split == null || forced != null || active.isEmpty()) {
            return ReleasePolicy.choose(plugin, split, active, sticky, forced);
        }
        Resolved r = resolved.get(plugin);
        if (r == null || r.split != split || !r.active.equals(active)) {
            r = new Resolved(split, List.copyOf(active), ReleasePolicy.highestMatching(active, split.canary()),
                    ReleasePolicy.stable(active, split.canary()));
            resolved.put(plugin, r);
        }
        return ReleasePolicy.split(plugin, split, r.canary, r.stable, sticky);
    }
}
