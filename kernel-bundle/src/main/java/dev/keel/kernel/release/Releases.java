package dev.keel.kernel.release;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.keel.api.PluginRuntime;
import dev.keel.api.security.Caller;
import dev.keel.api.security.Roles;
import dev.keel.kernel.config.ConfigEditor;
import dev.keel.kernel.deploy.BundleDeployer;
import dev.keel.kernel.deploy.LiveUpdate;
import dev.keel.kernel.governance.GovernanceMetrics;
import dev.keel.kernel.security.Actors;
import dev.keel.kernel.security.Audit;
import dev.keel.kernel.security.Audit.Actor;
import dev.keel.kernel.util.LogText;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Grayscale release control: each plugin's canary split (version and
 * weight), the version choice it implies for HTTP requests and governed calls
 * alike, promotion, rollback, and the automatic rollback of a canary whose
 * error rate passes the configured bound. The splits live in
 * {@code etc/keel.release.cfg} ({@code canary.<plugin>}, {@code weight.<plugin>}),
 * so a restart keeps them; while clustering is on they are the cluster's, in its
 * {@link ReleaseStore} ({@link ClusterReleases}). The work is done by {@link Splits}
 * (the version choice), {@link ReleaseOperations}, {@link ReleaseViews} and {@link CanaryWatch}.
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
                description = "Request header whose value keeps an anonymous caller (or a tester acting as a user) on "
                        + "one version while a split holds; any other authenticated caller is kept there by its "
                        + "token's subject")
        String sticky_header() default "X-User-Id";

        @AttributeDefinition(name = "Forced version header",
                description = "Request header with which a caller with the role tester forces versions, e.g. "
                        + "payment=1.1.0; ignored for anyone else")
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
                description = "After promote or rollback moved the traffic away, how long at most the old version "
                        + "may finish its calls in flight before it is stopped and uninstalled (the operation goes on "
                        + "as soon as none is left)")
        long drain_ms() default 2000;
    }

    /** One installed instance of a plugin, as {@code keel:releases} shows it. */
    public record VersionView(String version, long bundleId, String state, String role, int weight, long requests,
            long errors) {
    }

    /** One plugin's release state. */
    public record ReleaseView(String plugin, String canary, int weight, List<VersionView> versions) {
    }

    private final Logger log;
    private final ThreadLocal<RoutingKey> current = new ThreadLocal<>();
    private final Splits splits;
    private final ReleaseOperations operations;
    private final ReleaseViews views;
    private final CanaryWatch watch;
    private final ReleaseAudit audit;
    /** Who runs the operation on this thread (its uninstalls are theirs); none: Keel itself. */
    private final ThreadLocal<Actor> acting = new ThreadLocal<>();
    private volatile Config settings;
    private volatile Map<String, Object> properties;
    /** While clustering is on: the cluster's release state. */
    private volatile ClusterReleases cluster;

    @Activate
    public Releases(Config settings, Map<String, Object> properties, @Reference PluginRuntime runtime,
            @Reference GovernanceMetrics metrics, @Reference ConfigEditor config, @Reference BundleDeployer bundles,
            @Reference LiveUpdate live, @Reference EventAdmin events, @Reference Audit audit,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.audit = new ReleaseAudit(() -> audit);
        this.log = log;
        this.settings = settings;
        this.properties = properties;
        this.splits = new Splits(log);
        // not under any lock: an operation waits for its own configuration to be written back, and ConfigAdmin
        // delivers that configuration here first
        splits.apply(properties);
        ReleaseOutputs outputs = new ReleaseOutputs(config, events, () -> cluster != null, log);
        this.operations = new ReleaseOperations(runtime, splits, live,
                id -> bundles.uninstall(actor(), String.valueOf(id), false), outputs, outputs,
                () -> this.settings.drain_ms(), log);
        this.views = new ReleaseViews(runtime, splits, metrics);
        this.watch = new CanaryWatch(splits, metrics, operations, () -> this.settings, this::rollBack, log);
    }

    @Modified
    void modified(Config settings, Map<String, Object> properties) {
        this.settings = settings;
        this.properties = properties;
        if (cluster == null) {
            splits.apply(properties);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        watch.close();
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Clustering on: the cluster's release states replace this node's splits from {@code etc/}. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindStore(ReleaseStore store) {
        unbindStore(null);
        splits.apply(Map.of());
        try {
            cluster = new ClusterReleases(store, operations, splits, () -> this.settings.drain_ms(), log);
            log.info("release: the canary splits are the cluster's (node {})", LogText.escape(store.node()));
        } catch (IOException | RuntimeException e) {
            log.error("release: the cluster's release states cannot be watched ({}); this node keeps its own",
                    LogText.escape(String.valueOf(e.getMessage())));
            splits.apply(properties);
        }
    }

    synchronized void unbindStore(ReleaseStore store) {
        ClusterReleases c = cluster;
        if (c != null && (store == null || c.on(store))) {
            cluster = null;
            c.close();
            splits.apply(properties);
        }
    }

    // ---- version choice (HTTP entry and governance proxies) -------------------------------------------------

    /** The routing key of an HTTP request (see {@link RoutingKey#of}). */
    RoutingKey keyOf(HttpServletRequest request) {
        Config c = settings;
        Caller caller = request.getAttribute(Caller.ATTRIBUTE) instanceof Caller k ? k : Caller.ANONYMOUS;
        if (!splits.any() && !caller.hasRole(Roles.TESTER)) {
            // no canary anywhere and no forced version allowed: the key would choose nothing (and a request
            // routed now keeps its choice), so nothing is built per request
            return RoutingKey.NONE;
        }
        return RoutingKey.of(caller, request.getHeader(c.sticky_header()), request.getHeader(c.forced_header()));
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
        return splits.choose(plugin, active, key.sticky(), key.forced().get(plugin));
    }

    // ---- operations ----------------------------------------------------------------------------------------------

    /**
     * Sends {@code weight} percent of the plugin's users to {@code version}
     * (installed beside the stable version), and keeps it in {@code etc/}.
     *
     * @return one line saying what was done
     */
    public String canary(Actor who, String plugin, String version, int weight) {
        return as(who, "release.canary", plugin, Map.of("version", String.valueOf(version), "weight",
                String.valueOf(weight)), () -> cluster != null ? cluster.canary(plugin, version, weight)
                        : operations.canary(plugin, version, weight));
    }

    /**
     * Moves all traffic to {@code version} (default: the canary), waits until
     * the other versions have no call in flight (at most {@code drain.ms}),
     * then stops and uninstalls them.
     */
    public String promote(Actor who, String plugin, String version) {
        Map<String, String> asked = new HashMap<>();
        asked.put("version", version);
        return as(who, "release.promote", plugin, asked, () -> cluster != null ? cluster.promote(plugin, version)
                : operations.promote(plugin, version));
    }

    /** Returns all traffic to the stable version, drains the canary like promote, and removes it. */
    public String rollback(Actor who, String plugin) {
        return as(who, "release.rollback", plugin, Map.of("automatic", "false"),
                () -> cluster != null ? cluster.rollback(plugin) : operations.rollback(plugin, "by hand", false));
    }

    /** The automatic rollback; in a cluster only by the node whose decision won (the others hear of it). */
    private void rollBack(String plugin, String canary, String why) {
        ClusterReleases c = cluster;
        if (c == null || c.decideRollback(plugin, canary, why)) {
            audit.run(Actors.KEEL, "release.rollback", plugin, Map.of("automatic", "true", "version", canary,
                    "reason", why), () -> operations.rollback(plugin, why, true));
        }
    }

    /** Runs an operation for {@code who} (the uninstalls it makes are theirs) and audits it. */
    private String as(Actor who, String action, String plugin, Map<String, String> asked,
            java.util.function.Supplier<String> operation) {
        acting.set(who);
        try {
            return audit.run(who, action, plugin, asked, operation);
        } finally {
            acting.remove();
        }
    }

    private Actor actor() {
        Actor who = acting.get();
        return who == null ? Actors.KEEL : who;
    }

    /** Every plugin with its versions, weights and counts. */
    public List<ReleaseView> releases() {
        return views.releases();
    }

    /** The settings in force (the automatic-rollback rule for the traffic history). */
    Config settings() {
        return settings;
    }
}
