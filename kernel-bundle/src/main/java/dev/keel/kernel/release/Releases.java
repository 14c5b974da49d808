package dev.keel.kernel.release;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.config.ConfigEditor;
import dev.keel.kernel.deploy.BundleDeployer;
import dev.keel.kernel.governance.GovernanceMetrics;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Grayscale release control: each plugin's canary split (version and
 * weight), the version choice it implies for HTTP requests and governed calls
 * alike, promotion, rollback, and the automatic rollback of a canary whose
 * error rate passes the configured bound. The splits live in
 * {@code etc/keel.release.cfg} ({@code canary.<plugin>}, {@code weight.<plugin>}),
 * so a restart keeps them.
 */
@Component(service = Releases.class, configurationPid = Releases.PID, immediate = true)
@Designate(ocd = Releases.Config.class)
public final class Releases {

    /** Configuration PID: {@code etc/keel.release.cfg}. */
    public static final String PID = "keel.release";
    /** Topic prefix of release events. */
    public static final String TOPIC_PREFIX = "keel/release/";
    /** Posted when a canary is rolled back, by hand or automatically (property {@code automatic}). */
    public static final String ROLLED_BACK = TOPIC_PREFIX + "ROLLED_BACK";
    static final String CANARY = "canary.";
    static final String WEIGHT = "weight.";
    static final String ROOT = "root";
    private static final Duration SETTLE = Duration.ofSeconds(30);

    /** Configuration of grayscale releases. */
    @ObjectClassDefinition(name = "Keel releases",
            description = "Canary splits per plugin (canary.<plugin> = version, weight.<plugin> = percent), "
                    + "sticky and forced routing headers, and the automatic rollback rule.")
    public @interface Config {
        @AttributeDefinition(name = "Canary version",
                description = "The family canary.<plugin> names the version that gets weight.<plugin> percent "
                        + "of the plugin's traffic (e.g. canary.payment = 1.1.0); empty: no canary")
        String canary_root() default "";

        @AttributeDefinition(name = "Canary weight (%)", min = "0", max = "100",
                description = "The family weight.<plugin>: percent of users sent to the canary version")
        int weight_root() default 0;

        @AttributeDefinition(name = "Sticky header",
                description = "Request header whose value keeps a user on one version while a split holds")
        String sticky_header() default "X-User-Id";

        @AttributeDefinition(name = "Forced version header",
                description = "Request header with which a tester forces versions, e.g. payment=1.1.0")
        String forced_header() default "X-Keel-Version";

        @AttributeDefinition(name = "Automatic rollback", description = "false leaves a failing canary alone")
        boolean rollback_enabled() default true;

        @AttributeDefinition(name = "Rollback error rate (%)", min = "0", max = "100",
                description = "A canary whose error rate over the window is above this is rolled back")
        double rollback_error_rate() default 20;

        @AttributeDefinition(name = "Rollback minimum calls", min = "1",
                description = "Calls to the canary within the window before its error rate counts")
        int rollback_minimum_calls() default 20;

        @AttributeDefinition(name = "Rollback window (s)", min = "1",
                description = "The window the canary's error rate is taken over")
        int rollback_window_s() default 60;

        @AttributeDefinition(name = "Drain (ms)", min = "0",
                description = "After promote or rollback moved the traffic away, how long the old version may "
                        + "finish calls in flight before it is stopped and uninstalled")
        long drain_ms() default 2000;
    }

    /** One installed instance of a plugin, as {@code keel:releases} shows it. */
    public record VersionView(String version, long bundleId, String state, String role, int weight, long requests,
            long errors) {
    }

    /** One plugin's release state. */
    public record ReleaseView(String plugin, String canary, int weight, List<VersionView> versions) {
    }

    private final PluginRuntime runtime;
    private final GovernanceMetrics metrics;
    private final ConfigEditor config;
    private final BundleDeployer bundles;
    private final EventAdmin events;
    private final Logger log;
    private final ThreadLocal<RoutingKey> current = new ThreadLocal<>();
    private final Map<String, ReleasePolicy.Split> splits = new ConcurrentHashMap<>();
    private final Map<String, ErrorWindow> windows = new ConcurrentHashMap<>();
    private final Object operations = new Object();
    private final ScheduledExecutorService watch;
    private volatile Config settings;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ForcedRoutingPolicy forcedRouting;

    @Activate
    public Releases(Config settings, Map<String, Object> properties, @Reference PluginRuntime runtime,
            @Reference GovernanceMetrics metrics, @Reference ConfigEditor config, @Reference BundleDeployer bundles,
            @Reference EventAdmin events, @Reference(service = LoggerFactory.class) Logger log) {
        this.runtime = runtime;
        this.metrics = metrics;
        this.config = config;
        this.bundles = bundles;
        this.events = events;
        this.log = log;
        this.settings = settings;
        applySplits(properties);
        this.watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "keel-release-watch");
            t.setDaemon(true);
            return t;
        });
        watch.scheduleWithFixedDelay(this::watchCanaries, 1, 1, TimeUnit.SECONDS);
    }

    @Modified
    void modified(Config settings, Map<String, Object> properties) {
        this.settings = settings;
        applySplits(properties);
    }

    @Deactivate
    void deactivate() {
        watch.shutdownNow();
    }

    /** Reads {@code canary.<plugin>} and {@code weight.<plugin>} (values the validator let through). */
    static Map<String, ReleasePolicy.Split> parseSplits(Map<String, ?> properties) {
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

    private void applySplits(Map<String, Object> properties) {
        // not under the operations' lock: an operation waits for its own configuration to be written back,
        // and ConfigAdmin delivers that configuration here first
        Map<String, ReleasePolicy.Split> parsed = parseSplits(properties);
        splits.keySet().retainAll(parsed.keySet());
        parsed.forEach((plugin, split) -> {
            ReleasePolicy.Split old = splits.put(plugin, split);
            if (!split.equals(old)) {
                log.info("{}: {} {} gets {}% of the traffic", PID, plugin, split.canary(), split.weight());
                if (old == null || !old.canary().equals(split.canary())) {
                    windows.remove(plugin);
                }
            }
        });
    }

    // ---- version choice (HTTP entry and governance proxies) -------------------------------------------------

    /** The routing key of an HTTP request: sticky header, and forced versions if the caller may force. */
    RoutingKey keyOf(HttpServletRequest request) {
        Config c = settings;
        String sticky = request.getHeader(c.sticky_header());
        String forcedHeader = request.getHeader(c.forced_header());
        Map<String, String> forced = Map.of();
        if (forcedHeader != null) {
            ForcedRoutingPolicy p = forcedRouting;
            if ((p == null ? ForcedRoutingPolicy.ALLOW_ALL : p).allowed(request)) {
                forced = RoutingKey.parseForced(forcedHeader);
            }
        }
        return new RoutingKey(sticky == null || sticky.isBlank() ? null : sticky.trim(), forced);
    }

    /** Keeps the request's routing key for the calling thread (governed calls made while serving it). */
    void enter(RoutingKey key) {
        current.set(key);
    }

    void exit() {
        current.remove();
    }

    /** The routing key of the request this thread serves, or none. */
    RoutingKey current() {
        RoutingKey k = current.get();
        return k == null ? RoutingKey.NONE : k;
    }

    /**
     * The version of {@code plugin} to serve, among the {@code active} ones
     * (in install order), for a request or call with {@code key}.
     */
    Optional<String> choose(String plugin, List<String> active, RoutingKey key) {
        return ReleasePolicy.choose(plugin, splits.get(plugin), active, key.sticky(), key.forced().get(plugin));
    }

    // ---- operations ----------------------------------------------------------------------------------------------

    /**
     * Sends {@code weight} percent of the plugin's users to {@code version}
     * (installed beside the stable version), and keeps it in {@code etc/}.
     *
     * @return one line saying what was done
     */
    public String canary(String plugin, String version, int weight) {
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight must be from 0 to 100 (percent), not " + weight);
        }
        synchronized (operations) {
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
            ReleasePolicy.Split split = new ReleasePolicy.Split(version, weight);
            ReleasePolicy.Split old = splits.put(plugin, split);
            if (old == null || !old.canary().equals(version)) {
                windows.remove(plugin);
            }
            persist(plugin, version, weight);
            log.info("release: {} {} gets {}% of the traffic, {} {} the rest", plugin, canary.get(0).version(), weight,
                    plugin, stable.get().version());
            post("CANARY", plugin, canary.get(0).version(), Map.of("weight", weight));
            return plugin + " " + canary.get(0).version() + " now gets " + weight + "% of the traffic, "
                    + stable.get().version() + " the rest";
        }
    }

    /**
     * Moves all traffic to {@code version} (default: the canary), waits for
     * the drain, then stops and uninstalls every other version of the plugin.
     */
    public String promote(String plugin, String version) {
        synchronized (operations) {
            ReleasePolicy.Split split = splits.get(plugin);
            String target = version != null ? version : split != null ? split.canary() : null;
            if (target == null) {
                throw new IllegalArgumentException(plugin + " has no canary: name the version to promote");
            }
            List<PluginStatus> instances = instances(plugin);
            List<PluginStatus> chosen = matching(instances, target);
            if (chosen.stream().noneMatch(p -> p.state() == PluginState.ACTIVE)) {
                throw new IllegalArgumentException(plugin + " " + target + " is not ACTIVE (it runs "
                        + versions(instances) + "): nothing promoted");
            }
            List<PluginStatus> old = instances.stream().filter(p -> !ReleasePolicy.matches(p.version(), target))
                    .toList();
            splits.put(plugin, new ReleasePolicy.Split(target, 100));
            drain();
            List<String> removed = remove(old);
            splits.remove(plugin);
            windows.remove(plugin);
            persist(plugin, "", 0);
            String v = chosen.get(0).version();
            log.info("release: {} {} promoted: all traffic; {} uninstalled", plugin, v,
                    removed.isEmpty() ? "nothing else" : String.join(", ", removed));
            post("PROMOTED", plugin, v, Map.of("removed", String.join(",", removed)));
            return plugin + " " + v + " promoted: it gets all traffic"
                    + (removed.isEmpty() ? "" : "; uninstalled " + String.join(", ", removed));
        }
    }

    /** Returns all traffic to the stable version and removes the canary. */
    public String rollback(String plugin) {
        return rollback(plugin, "by hand", false);
    }

    String rollback(String plugin, String reason, boolean automatic) {
        synchronized (operations) {
            ReleasePolicy.Split split = splits.get(plugin);
            if (split == null) {
                throw new IllegalArgumentException(plugin + " has no canary to roll back (keel:releases lists them)");
            }
            List<PluginStatus> canary = matching(instances(plugin), split.canary());
            splits.put(plugin, new ReleasePolicy.Split(split.canary(), 0));
            drain();
            List<String> removed = remove(canary);
            splits.remove(plugin);
            windows.remove(plugin);
            persist(plugin, "", 0);
            String v = canary.isEmpty() ? split.canary() : canary.get(0).version();
            if (automatic) {
                log.warn("release: {} {} rolled back automatically: {}; uninstalled {}", plugin, v, reason,
                        removed.isEmpty() ? "nothing" : String.join(", ", removed));
            } else {
                log.info("release: {} {} rolled back by hand; uninstalled {}", plugin, v,
                        removed.isEmpty() ? "nothing" : String.join(", ", removed));
            }
            post("ROLLED_BACK", plugin, v, Map.of("reason", reason, "automatic", automatic));
            return plugin + " " + v + " rolled back: the stable version gets all traffic"
                    + (removed.isEmpty() ? "" : "; uninstalled " + String.join(", ", removed));
        }
    }

    /** Every plugin with more than one instance or a split, with its versions, weights and counts. */
    public List<ReleaseView> releases() {
        Map<String, List<PluginStatus>> byName = new TreeMap<>();
        for (PluginStatus p : runtime.plugins()) {
            byName.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(p);
        }
        List<ReleaseView> out = new ArrayList<>();
        for (Map.Entry<String, List<PluginStatus>> e : byName.entrySet()) {
            String plugin = e.getKey();
            List<PluginStatus> instances = e.getValue().stream().sorted(Comparator.comparingLong(PluginStatus::bundleId))
                    .toList();
            ReleasePolicy.Split split = splits.get(plugin);
            Map<String, long[]> counts = counts(plugin);
            List<String> active = instances.stream().filter(p -> p.state() == PluginState.ACTIVE)
                    .map(PluginStatus::version).toList();
            String canaryVersion = split == null ? null : ReleasePolicy.highestMatching(active, split.canary()).orElse(null);
            String stableVersion = split == null ? (active.isEmpty() ? null : active.get(0))
                    : ReleasePolicy.stable(active, split.canary()).orElse(null);
            List<VersionView> versions = new ArrayList<>();
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
                versions.add(new VersionView(p.version(), p.bundleId(), p.state().name(), role, weight, c[0], c[1]));
            }
            out.add(new ReleaseView(plugin, split == null ? null : split.canary(), split == null ? 0 : split.weight(),
                    versions));
        }
        return out;
    }

    // ---- automatic rollback --------------------------------------------------------------------------------------

    private void watchCanaries() {
        try {
            Config c = settings;
            long now = System.currentTimeMillis();
            for (Map.Entry<String, ReleasePolicy.Split> e : Map.copyOf(splits).entrySet()) {
                String plugin = e.getKey();
                ReleasePolicy.Split split = e.getValue();
                if (split.weight() == 0) {
                    continue;
                }
                long[] sum = new long[2];
                counts(plugin).forEach((version, n) -> {
                    if (ReleasePolicy.matches(version, split.canary())) {
                        sum[0] += n[0];
                        sum[1] += n[1];
                    }
                });
                ErrorWindow.Rate rate = windows.computeIfAbsent(plugin, p -> new ErrorWindow())
                        .add(new ErrorWindow.Sample(now, sum[0], sum[1]), c.rollback_window_s() * 1000L);
                if (c.rollback_enabled()
                        && ErrorWindow.breached(rate, c.rollback_minimum_calls(), c.rollback_error_rate())) {
                    String why = String.format(Locale.ROOT,
                            "error rate %.1f%% (%d of %d calls in the last %d s) is above %.1f%%", rate.percent(),
                            rate.errors(), rate.calls(), c.rollback_window_s(), c.rollback_error_rate());
                    try {
                        rollback(plugin, why, true);
                    } catch (RuntimeException ex) {
                        log.error("release: automatic rollback of {} {} failed: {}", plugin, split.canary(),
                                ex.getMessage(), ex);
                    }
                }
            }
        } catch (RuntimeException e) {
            log.error("release: watching the canaries failed: {}", e.toString(), e);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** Calls and errors (governed calls and routed requests) per version of a plugin, since the kernel started. */
    private Map<String, long[]> counts(String plugin) {
        Map<String, long[]> m = new HashMap<>();
        for (GovernanceMetrics.Row r : metrics.rows(plugin)) {
            long[] c = m.computeIfAbsent(r.version(), v -> new long[2]);
            c[0] += r.count();
            c[1] += r.errors();
        }
        return m;
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

    private void drain() {
        long ms = settings.drain_ms();
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops and uninstalls the instances' bundles; returns what went. */
    private List<String> remove(List<PluginStatus> instances) {
        List<String> removed = new ArrayList<>();
        for (long id : instances.stream().map(PluginStatus::bundleId).distinct().toList()) {
            String version = instances.stream().filter(p -> p.bundleId() == id).findFirst().orElseThrow().version();
            bundles.uninstall(String.valueOf(id), false);
            removed.add(version + " (bundle " + id + ")");
        }
        return removed;
    }

    private void persist(String plugin, String canary, int weight) {
        try {
            // one update: FileInstall's write-back of a first key could otherwise undo a second
            config.set(PID, Map.of(CANARY + plugin, canary, WEIGHT + plugin, canary.isEmpty() ? "0"
                    : String.valueOf(weight)));
        } catch (IOException | RuntimeException e) {
            log.error("release: the split of {} applies now but was not saved to etc/{}.cfg: {}", plugin, PID,
                    e.getMessage());
        }
    }

    private void post(String what, String plugin, String version, Map<String, Object> more) {
        Map<String, Object> props = new LinkedHashMap<>(more);
        props.put("plugin.name", plugin);
        props.put("plugin.version", version);
        events.postEvent(new Event(TOPIC_PREFIX + what, props));
    }
}
