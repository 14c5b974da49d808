package dev.keel.kernel.governance;

import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.deploy.InFlight;

/**
 * One provider's registration of a contract, as the kernel holds it: its service object and per-method call sites.
 * A remote provider is a service Remote Service Admin imported from another node ({@code service.imported}): its
 * plugin, version and node come from the properties the exporting node put on it ({@link ClusterNames}).
 */
public final class Provider {

    final ServiceReference<?> ref;
    final long bundleId;
    final long serviceId;
    final int ranking;
    private final String contractName;
    private final Bundle bundle;
    private final BundleContext kernel;
    private final PluginDirectory plugins;
    private final Governor governor;
    private final ConcurrentMap<Method, Governor.Site> sites = new ConcurrentHashMap<>();
    private final InFlight gate;
    /** The contract's interface as consumers see it (set by its {@link Contract}). */
    volatile Class<?> contractType;
    private volatile Object service;
    private volatile boolean gone;
    /** The node that serves a remote provider; {@code null} for a provider of this node. */
    private final String node;

    Provider(ServiceReference<?> ref, String contractName, BundleContext kernel, PluginDirectory plugins,
            Governor governor, InFlight gate) {
        this.gate = gate;
        this.node = ClusterNames.remoteNode(ref);
        this.ref = ref;
        this.bundle = ref.getBundle();
        this.bundleId = bundle.getBundleId();
        this.serviceId = (Long) ref.getProperty(Constants.SERVICE_ID);
        this.ranking = ref.getProperty(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
        this.contractName = contractName;
        this.kernel = kernel;
        this.plugins = plugins;
        this.governor = governor;
    }

    /** The id of the bundle that registered the provider. */
    public long bundleId() {
        return bundleId;
    }

    /** Whether the provider may serve: its plugin is ACTIVE (a bundle that runs no plugin: while it is ACTIVE). */
    public boolean active() {
        if (gone) {
            return false;
        }
        if (node != null) {
            return bundle.getState() == Bundle.ACTIVE;
        }
        PluginStatus p = plugins.plugin(bundleId);
        return p != null ? p.state() == PluginState.ACTIVE : bundle.getState() == Bundle.ACTIVE;
    }

    /** The gate of calls into the provider's bundle (closed while its plugin is drained). */
    InFlight gate() {
        return gate;
    }

    /** The plugin name of the provider's bundle (its symbolic name when it runs none). */
    public String plugin() {
        if (node != null) {
            return ClusterNames.text(ref, ClusterNames.PLUGIN, bundle.getSymbolicName());
        }
        PluginStatus p = plugins.plugin(bundleId);
        return p != null ? p.name() : bundle.getSymbolicName();
    }

    /** The plugin version of the provider's bundle. */
    public String version() {
        if (node != null) {
            return ClusterNames.text(ref, ClusterNames.VERSION, "0.0.0");
        }
        PluginStatus p = plugins.plugin(bundleId);
        return p != null ? p.version() : bundle.getVersion().toString();
    }

    /** Whether another node serves this provider (a service Remote Service Admin imported). */
    public boolean remote() {
        return node != null;
    }

    /** The node that serves a remote provider; {@code null} for one of this node. */
    public String node() {
        return node;
    }

    /**
     * The provider's service object, got once through the kernel's context; a remote one through the context of
     * the bundle that defines the contract, so that the proxy Remote Service Admin makes implements the very
     * interface consumers are wired to.
     */
    Object service() {
        Object s = service;
        if (s == null) {
            synchronized (this) {
                s = service;
                if (s == null && !gone) {
                    s = context().getService(ref);
                    service = s;
                }
            }
        }
        if (s == null) {
            throw Unavailable.noProvider(contractName);
        }
        return s;
    }

    Governor.Site site(Method method) {
        Governor.Site site = sites.get(method);
        if (site == null || !site.plugin.equals(plugin())) {
            String simple = method.getDeclaringClass().getSimpleName();
            // a remote provider has a breaker and meters of its own: its version label names the node
            String version = node == null ? version() : version() + "@" + node;
            site = governor.serviceSite(plugin(), version, simple, method.getName(),
                    t -> Classifier.contractExpected(method, t));
            sites.put(method, site);
        }
        return site;
    }

    private BundleContext context() {
        if (node == null) {
            return kernel;
        }
        BundleContext definer = ContractTypes.definerContext(contractType);
        return definer == null ? kernel : definer;
    }

    synchronized void release() {
        gone = true;
        if (service != null) {
            service = null;
            try {
                context().ungetService(ref);
            } catch (IllegalStateException stale) {
                // the kernel is stopping: nothing to give back
            }
        }
    }
}
