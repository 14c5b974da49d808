package dev.keel.kernel.governance;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import dev.keel.kernel.deploy.LiveUpdate;
import dev.keel.kernel.plugin.LifecycleListener;
import dev.keel.kernel.plugin.PluginLifecycle;
import dev.keel.kernel.plugin.RemotePlugins;
import dev.keel.kernel.security.CallerScope;

/**
 * The cluster side of governance. While a {@link ClusterRole} is registered, every local provider of a contract
 * whose plugin is ACTIVE is exported through OSGi Remote Services: the kernel registers an {@link ExportedProvider}
 * for it with {@code service.exported.interfaces} (plugins set nothing), which Aries RSA's topology manager
 * exports over Keel's TLS provider (configuration type {@value ClusterNames#CONFIG_TYPE}, in cluster-bundle) and its
 * discovery announces. Other nodes import it as a remote provider of the contract. Also tells the
 * plugin lifecycle which plugins other nodes serve ({@link RemotePlugins}), so a plugin whose requirement runs
 * only elsewhere may start.
 */
@Component(service = {LifecycleListener.class, RemotePlugins.class, ClusterExports.class}, immediate = true)
public final class ClusterExports implements LifecycleListener, RemotePlugins {

    private final BundleContext context;
    private final GovernedServices services;
    private final Governor governor;
    private final PluginLifecycle lifecycle;
    private final CallerScope callers;
    private final Logger log;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "keel-cluster-exports");
        t.setDaemon(true);
        return t;
    });
    private final Runnable remoteChanged = this::remoteChanged;
    private final Runnable providerChanged = this::later;
    /** Touched on the worker only. */
    private final Map<Provider, ServiceRegistration<?>> exports = new IdentityHashMap<>();
    private volatile ClusterRole role;

    @Activate
    public ClusterExports(BundleContext context, @Reference GovernedServices services, @Reference Governor governor,
            @Reference PluginLifecycle lifecycle, @Reference CallerScope callers,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.callers = callers;
        this.context = context;
        this.services = services;
        this.governor = governor;
        this.lifecycle = lifecycle;
        this.log = log;
        services.onRemoteChange(remoteChanged);
        // a provider may register after its plugin is ACTIVE: export it then too
        services.onProviderChange(providerChanged);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRole(ClusterRole r) {
        role = r;
        later();
    }

    void unbindRole(ClusterRole r) {
        if (role == r) {
            role = null;
            later();
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        services.offRemoteChange(remoteChanged);
        services.offProviderChange(providerChanged);
        role = null;
        later();
        worker.shutdown();
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Override
    public void changed() {
        later();
    }

    @Override
    public boolean serves(String name) {
        for (Contract c : services.contractList()) {
            for (Provider p : c.providers()) {
                if (p.remote() && p.active() && name.equals(p.plugin())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The providers exported now. */
    Set<Provider> exported() {
        try {
            return worker.submit(() -> Set.copyOf(exports.keySet())).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return Set.of();
        }
    }

    private void remoteChanged() {
        lifecycle.reconsider();
    }

    private void later() {
        try {
            worker.execute(this::reconcile);
        } catch (RejectedExecutionException closing) {
            // deactivated: the last reconcile already ran
        }
    }

    /** Registers an export for each ACTIVE local provider while clustering is on; unregisters the others. */
    private void reconcile() {
        ClusterRole r = role;
        Map<Provider, Contract> wanted = new IdentityHashMap<>();
        if (r != null) {
            for (Contract c : services.contractList()) {
                for (Provider p : c.providers()) {
                    if (!p.remote() && p.active()) {
                        wanted.put(p, c);
                    }
                }
            }
        }
        for (Provider p : Set.copyOf(exports.keySet())) {
            if (!wanted.containsKey(p)) {
                unregister(exports.remove(p));
                log.info("cluster: {} of plugin {} {} no longer exported", p.contractType.getName(), p.plugin(),
                        p.version());
            }
        }
        for (Map.Entry<Provider, Contract> e : wanted.entrySet()) {
            Provider p = e.getKey();
            if (!exports.containsKey(p)) {
                exports.put(p, export(p, e.getValue(), r));
            }
        }
    }

    private ServiceRegistration<?> export(Provider p, Contract c, ClusterRole r) {
        // only Keel's own properties travel: a provider's configuration (which may hold secrets) stays on its node
        Dictionary<String, Object> props = new Hashtable<>();
        for (String key : p.ref.getPropertyKeys()) {
            if (key.startsWith("keel.") || key.equals(Constants.SERVICE_RANKING)) {
                props.put(key, p.ref.getProperty(key));
            }
        }
        props.put(ClusterNames.EXPORTED_INTERFACES, c.name);
        props.put(ClusterNames.EXPORTED_CONFIGS, ClusterNames.CONFIG_TYPE);
        props.put(ClusterNames.EXPORT, Boolean.TRUE);
        props.put(ClusterNames.NODE, r.node());
        props.put(ClusterNames.PLUGIN, p.plugin());
        props.put(ClusterNames.VERSION, p.version());
        r.exportProperties().forEach(props::put);
        Object service = Proxy.newProxyInstance(c.type.getClassLoader(), new Class<?>[] {c.type},
                new ExportedProvider(p, c.name, governor, services.liveUpdate(), callers));
        ServiceRegistration<?> reg = context.registerService(new String[] {c.name}, service, props);
        log.info("cluster: exporting {} of plugin {} {} from node {}", c.name, p.plugin(), p.version(), r.node());
        return reg;
    }

    private static void unregister(ServiceRegistration<?> r) {
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException already) {
                // gone with the framework
            }
        }
    }

    /** This node's id in the cluster, or {@code null} while clustering is off. */
    public String node() {
        ClusterRole r = role;
        return r == null ? null : r.node();
    }

    /** Every provider of every contract as the cluster sees it, local ones first: for {@code keel:nodes}. */
    public List<NodeProvider> providers() {
        ClusterRole r = role;
        String here = r == null ? "local" : r.node();
        Set<Provider> out = exported();
        List<NodeProvider> rows = new ArrayList<>();
        for (Contract c : services.contractList()) {
            for (Provider p : c.providers()) {
                rows.add(new NodeProvider(p.remote() ? p.node() : here, p.remote(), c.name, p.plugin(), p.version(),
                        p.active(), !p.remote() && out.contains(p)));
            }
        }
        return rows;
    }
}
