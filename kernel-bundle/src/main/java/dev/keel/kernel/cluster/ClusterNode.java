package dev.keel.kernel.cluster;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.keel.kernel.deploy.FolderBundles;
import dev.keel.kernel.governance.ClusterRole;
import dev.keel.kernel.release.ReleaseStore;
import dev.keel.kernel.util.LogText;

/**
 * Clustering as an option of the distribution (PID {@code keel.cluster}, off by default). On: installs the bundles
 * of {@code cluster/} (Aries Remote Service Admin with its topology manager and ZooKeeper discovery, Keel's TLS
 * distribution provider),
 * points the discovery at ZooKeeper and registers this node's {@link ClusterRole}, which makes governance export
 * the node's contracts. Off: nothing of it is loaded.
 */
@Component(service = {}, immediate = true, configurationPid = ClusterNode.PID)
@Designate(ocd = ClusterNode.Config.class)
public final class ClusterNode {

    /** Configuration PID: {@code etc/keel.cluster.cfg}. */
    public static final String PID = "keel.cluster";
    static final String DISCOVERY_PID = "org.apache.aries.rsa.discovery.zookeeper";

    /** Configuration of this node's part in a cluster. */
    @ObjectClassDefinition(name = "Keel cluster", description = "Nodes that call each other's plugins through OSGi "
            + "Remote Services (Apache Aries RSA, ZooKeeper discovery, Keel's TLS provider); see docs/cluster.md.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Join a cluster: export this node's contracts and "
                + "import the other nodes'. Off: a single node, no cluster bundle is loaded.")
        boolean enabled() default false;

        @AttributeDefinition(name = "Node id", description = "This node's name in the cluster; empty: the first "
                + "eight characters of the framework's UUID (a new one after each clean start).")
        String node_id() default "";

        @AttributeDefinition(name = "ZooKeeper", description = "host:port of the ZooKeeper server of the cluster.")
        String zookeeper() default "127.0.0.1:2181";

        @AttributeDefinition(name = "Host", description = "The address other nodes reach this node's exported "
                + "services at (the TLS provider listens on it only, on a free port per export; the node's "
                + "certificate must name it).")
        String host() default "127.0.0.1";

        @AttributeDefinition(name = "ZooKeeper session timeout (ms)", min = "1000", description = "A node that "
                + "stops answering for this long loses its session, and its services leave the other nodes.")
        int session_timeout_ms() default 4000;

        @AttributeDefinition(name = "Remote call socket timeout (ms)", min = "1", description = "Read timeout of "
                + "a remote call's socket. The governed call's timeout (keel.governance) cannot interrupt a blocked "
                + "socket read, so a call to a node cut off from the network lasts this long: keep it at the governed "
                + "timeout of remote contracts (timeout.root, 5 s).")
        int socket_timeout_ms() default 5_000;

        @AttributeDefinition(name = "Relayed event topics", description = "EventAdmin topics whose events reach "
                + "every node of the cluster, through the shared database (at least once, in order; see "
                + "docs/cluster.md). Topic names or prefixes ending in /*.")
        String[] events_topics() default {"keel/order/*"};

        @AttributeDefinition(name = "Event poll interval (ms)", min = "10", description = "How often a node looks "
                + "for events other nodes published.")
        long events_poll_ms() default 250;

        @AttributeDefinition(name = "Event retention (hours)", min = "1", description = "How long the shared "
                + "event log keeps an event: a node down for longer misses what is older.")
        int events_retention_hours() default 168;
    }

    private final BundleContext context;
    private final ConfigurationAdmin cm;
    private final Logger log;
    private final FolderBundles bundles;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "keel-cluster");
        t.setDaemon(true);
        return t;
    });
    /** Touched on the worker only. */
    private ServiceRegistration<ClusterRole> role;
    /** The cluster's release policy (touched on the worker only). */
    private ZooKeeperReleaseStore releaseStore;
    private ServiceRegistration<ReleaseStore> releases;

    @Activate
    public ClusterNode(BundleContext context, Config config, @Reference ConfigurationAdmin cm,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.context = context;
        this.cm = cm;
        this.log = log;
        String home = context.getProperty("keel.home");
        Path base = Path.of(home == null || home.isBlank() ? System.getProperty("user.dir") : home);
        this.bundles = new FolderBundles(context, base.resolve("cluster"), "the distribution's cluster bundles",
                Comparator.comparingInt(ClusterNode::startRank).thenComparing(Bundle::getSymbolicName));
        modified(config);
    }

    @Modified
    void modified(Config config) {
        worker.execute(() -> apply(config));
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        worker.execute(this::leave);
        worker.shutdown();
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }

    private void apply(Config config) {
        if (!config.enabled()) {
            leave();
            // also after a restart with clustering turned off: the framework's cache still holds them (not started)
            try {
                if (bundles.stop() > 0) {
                    log.info("cluster: off; the cluster bundles are uninstalled");
                }
            } catch (Exception e) {
                log.warn("cluster: off, but the cluster bundles could not be uninstalled: {}", e.toString());
            }
            return;
        }
        String node = config.node_id().isBlank() ? context.getProperty("org.osgi.framework.uuid").substring(0, 8)
                : config.node_id().trim();
        try {
            discovery(config);
            bundles.start();
        } catch (Exception e) {
            log.error("cluster: node {} cannot join: {}", LogText.escape(node), LogText.escape(e.toString()));
            return;
        }
        leave();
        // Keel's TLS provider (cluster-bundle) listens on this address only and announces it
        Map<String, Object> exportProps = Map.of("keel.tls.host", config.host().trim(), "osgi.basic.timeout",
                config.socket_timeout_ms());
        role = context.registerService(ClusterRole.class, new Role(node, exportProps), null);
        shareReleases(node, config);
        log.info("cluster: node {} on, ZooKeeper {}, exports on {}", LogText.escape(node),
                LogText.escape(config.zookeeper()), LogText.escape(config.host()));
    }

    /** Registers the release policy in ZooKeeper, which release control takes instead of {@code etc/}. */
    private void shareReleases(String node, Config config) {
        try {
            releaseStore = new ZooKeeperReleaseStore(node, config.zookeeper().trim(), config.session_timeout_ms());
            releases = context.registerService(ReleaseStore.class, releaseStore, null);
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: a cluster/ folder without the Curator bundles
            log.error("cluster: node {} cannot share its release policy through ZooKeeper ({}); its canary splits "
                    + "stay its own", LogText.escape(node), LogText.escape(e.toString()));
        }
    }

    private void leave() {
        if (releases != null) {
            try {
                releases.unregister();
            } catch (IllegalStateException gone) {
                // the framework is stopping
            }
            releases = null;
        }
        if (releaseStore != null) {
            releaseStore.close();
            releaseStore = null;
        }
        if (role != null) {
            try {
                role.unregister();
            } catch (IllegalStateException gone) {
                // the framework is stopping
            }
            role = null;
        }
    }

    /** Points Aries' ZooKeeper discovery at the configured server (its own PID, written through ConfigAdmin). */
    private void discovery(Config config) throws java.io.IOException {
        String zk = config.zookeeper().trim();
        int colon = zk.lastIndexOf(':');
        String host = colon < 0 ? zk : zk.substring(0, colon);
        String port = colon < 0 ? "2181" : zk.substring(colon + 1);
        Configuration c = cm.getConfiguration(DISCOVERY_PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("zookeeper.host", host);
        props.put("zookeeper.port", port);
        props.put("zookeeper.timeout", config.session_timeout_ms());
        c.updateIfDifferent(props);
    }

    private record Role(String node, Map<String, Object> exportProperties) implements ClusterRole {
    }

    /**
     * Libraries first (Aries RSA core takes the SPI bundle's context when its provider arrives, and gets none while
     * that bundle is not started yet), then Remote Service Admin, its provider, the discovery, the topology manager.
     */
    static int startRank(Bundle b) {
        String name = String.valueOf(b.getSymbolicName());
        if (!name.startsWith("org.apache.aries.rsa") || name.endsWith(".spi")) {
            return 0;
        }
        if (name.endsWith(".core")) {
            return 1;
        }
        if (name.contains(".provider")) {
            return 2;
        }
        return name.contains(".discovery") ? 3 : 4;
    }
}
