package dev.keel.kernel.governance;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import dev.keel.kernel.deploy.LiveUpdate;

/**
 * Interposes between consumers and providers of business contracts: for each
 * contract interface a provider registers, the kernel registers one proxy
 * (same interface, the provider's properties, {@code keel.governed=true})
 * that consumers see instead ({@link GovernanceHooks} hides the original).
 * The proxy stays while providers come and go (bundle update: calls follow
 * the new provider; none: calls fail fast), and goes when the bundle that
 * defines the interface is refreshed or uninstalled.
 */
@Component(service = GovernedServices.class, immediate = true)
public final class GovernedServices implements ServiceListener, BundleListener {

    /** Contract registrations: not the kernel's proxies, nor its export registrations (unless imported elsewhere). */
    static final String FILTER = "(&(objectClass=dev.keel.api.*)(!(" + GovernedContracts.GOVERNED + "=*))(|(!("
            + ClusterNames.EXPORT + "=*))(" + ClusterNames.IMPORTED + "=*)))";
    private static final Set<String> NOT_COPIED = Set.of(Constants.OBJECTCLASS, Constants.SERVICE_ID,
            Constants.SERVICE_BUNDLEID, Constants.SERVICE_SCOPE, Constants.SERVICE_PID, "component.name",
            "component.id");

    private final BundleContext context;
    private final Governor governor;
    private final PluginDirectory plugins;
    private final LiveUpdate live;
    private final Logger log;
    private final Map<Class<?>, Contract> contracts = new HashMap<>();
    private final Map<Contract, ServiceRegistration<?>> registrations = new HashMap<>();
    private final ProviderSelector fallback = new HighestRankedSelector();
    private volatile boolean closed;
    /** Told when an imported (remote) provider came or went. */
    private final List<Runnable> remoteChanges = new CopyOnWriteArrayList<>();
    /** Told when any provider came or went, local ones too. */
    private final List<Runnable> providerChanges = new CopyOnWriteArrayList<>();

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL)
    private volatile ProviderSelector selector;

    @Activate
    public GovernedServices(BundleContext context, @Reference Governor governor, @Reference PluginDirectory plugins,
            @Reference LiveUpdate live, @Reference(service = LoggerFactory.class) Logger log) throws InvalidSyntaxException {
        this.context = context;
        this.live = live;
        this.governor = governor;
        this.plugins = plugins;
        this.log = log;
        context.addBundleListener(this);
        context.addServiceListener(this, FILTER);
        ServiceReference<?>[] existing = context.getAllServiceReferences(null, FILTER);
        if (existing != null) {
            for (ServiceReference<?> ref : existing) {
                added(ref);
            }
        }
    }

    @Deactivate
    synchronized void deactivate() {
        closed = true;
        context.removeServiceListener(this);
        context.removeBundleListener(this);
        for (ServiceRegistration<?> r : registrations.values()) {
            unregister(r);
        }
        registrations.clear();
        for (Contract c : contracts.values()) {
            for (Provider p : c.providers()) {
                p.release();
            }
        }
        contracts.clear();
    }

    LiveUpdate liveUpdate() {
        return live;
    }

    ProviderSelector selector() {
        ProviderSelector s = selector;
        return s == null ? fallback : s;
    }

    @Override
    public void serviceChanged(ServiceEvent event) {
        switch (event.getType()) {
            case ServiceEvent.REGISTERED -> added(event.getServiceReference());
            case ServiceEvent.UNREGISTERING, ServiceEvent.MODIFIED_ENDMATCH -> removed(event.getServiceReference());
            default -> {
            }
        }
        if (event.getServiceReference().getProperty(ClusterNames.IMPORTED) != null) {
            remoteChanges.forEach(Runnable::run);
        }
        providerChanges.forEach(Runnable::run);
    }

    /** Runs {@code r} after each change of any provider (a plugin's service may register after it is ACTIVE). */
    void onProviderChange(Runnable r) {
        providerChanges.add(r);
    }

    void offProviderChange(Runnable r) {
        providerChanges.remove(r);
    }

    void onRemoteChange(Runnable r) {
        remoteChanges.add(r);
    }

    void offRemoteChange(Runnable r) {
        remoteChanges.remove(r);
    }

    private void added(ServiceReference<?> ref) {
        List<Contract> toRegister = new ArrayList<>();
        synchronized (this) {
            Bundle bundle = ref.getBundle();
            if (closed || bundle == null || ref.getProperty(GovernedContracts.GOVERNED) != null) {
                return;
            }
            plugins.refresh();
            for (String name : (String[]) ref.getProperty(Constants.OBJECTCLASS)) {
                if (!GovernedContracts.isContract(name)) {
                    continue;
                }
                Class<?> type;
                try {
                    type = ref.getProperty(ClusterNames.IMPORTED) == null ? bundle.loadClass(name)
                            : importedType(ref, name);
                } catch (ClassNotFoundException | IllegalStateException e) {
                    log.warn("service {} of bundle {}: contract {} cannot be loaded ({}); not governed",
                            ref.getProperty(Constants.SERVICE_ID), bundle.getSymbolicName(), name, e.toString());
                    continue;
                }
                if (!type.isInterface()) {
                    continue;
                }
                Contract contract = contracts.computeIfAbsent(type, t -> new Contract(t, governor, this));
                contract.add(new Provider(ref, name, context, plugins, governor, live.gate(bundle.getBundleId())));
                if (!registrations.containsKey(contract)) {
                    registrations.put(contract, null); // claimed: registered below, outside the lock
                    toRegister.add(contract);
                }
            }
        }
        // a new registration of the bundle: calls may enter it again, and held ones look again
        Bundle from = ref.getBundle();
        if (from != null && !closed) {
            live.registeredAgain(from.getBundleId());
        }
        // registering outside the lock: consumers' components activate in this thread
        for (Contract contract : toRegister) {
            ServiceRegistration<?> r = context.registerService(new String[] {contract.name}, contract.proxy,
                    properties(ref, contract.name));
            boolean keep;
            synchronized (this) {
                keep = !closed && contracts.get(contract.type) == contract;
                if (keep) {
                    registrations.put(contract, r);
                }
            }
            if (keep) {
                log.info("governing {}: consumers get the kernel's proxy (first provider: bundle {})", contract.name,
                        ref.getBundle() == null ? "-" : ref.getBundle().getSymbolicName());
            } else {
                unregister(r);
            }
        }
    }

    /** The interface of an imported service: from the bundle exporting its package at the exporter's major version. */
    private Class<?> importedType(ServiceReference<?> ref, String name) throws ClassNotFoundException {
        Class<?> type = ContractTypes.imported(context, ref, name);
        if (type == null) {
            throw new ClassNotFoundException(name + " (no bundle of this node exports its package)");
        }
        return type;
    }

    private void removed(ServiceReference<?> ref) {
        Bundle bundle = ref.getBundle();
        if (!closed && bundle != null && bundle.getState() == Bundle.STOPPING) {
            // the provider's bundle is stopping (update, refresh, uninstall): its plugin and dependents stop
            // first, each once its calls in flight have finished; meanwhile new calls are held
            live.goingAway(bundle.getBundleId());
        }
        forget(ref);
    }

    private synchronized void forget(ServiceReference<?> ref) {
        Long id = (Long) ref.getProperty(Constants.SERVICE_ID);
        for (Contract c : contracts.values()) {
            Provider gone = c.remove(id);
            if (gone != null) {
                gone.release();
            }
        }
    }

    static Dictionary<String, Object> properties(ServiceReference<?> ref, String contract) {
        Hashtable<String, Object> props = new Hashtable<>();
        for (String key : ref.getPropertyKeys()) {
            if (!NOT_COPIED.contains(key)) {
                props.put(key, ref.getProperty(key));
            }
        }
        props.put(GovernedContracts.GOVERNED, Boolean.TRUE);
        props.put(GovernedContracts.CONTRACT, contract);
        return props;
    }

    /** A bundle that defines a contract interface was refreshed or uninstalled: its proxy goes. */
    @Override
    public synchronized void bundleChanged(BundleEvent event) {
        if (closed || (event.getType() != BundleEvent.UNRESOLVED && event.getType() != BundleEvent.UNINSTALLED)) {
            return;
        }
        long id = event.getBundle().getBundleId();
        List<Class<?>> stale = new ArrayList<>();
        for (Contract c : contracts.values()) {
            Bundle definer = FrameworkUtil.getBundle(c.type);
            if (definer == null || definer.getBundleId() == id) {
                stale.add(c.type);
            }
        }
        for (Class<?> type : stale) {
            Contract c = contracts.remove(type);
            unregister(registrations.remove(c));
            for (Provider p : c.providers()) {
                p.release();
            }
        }
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

    /** The contracts governed now (for the cluster's exports). */
    synchronized List<Contract> contractList() {
        return List.copyOf(contracts.values());
    }

    /** The contracts and their providers, for the shell and tests. */
    synchronized Map<String, List<Provider>> contracts() {
        Map<String, List<Provider>> m = new HashMap<>();
        contracts.values().forEach(c -> m.put(c.name, List.of(c.providers())));
        return m;
    }
}
