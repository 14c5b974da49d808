package dev.keel.kernel.plugin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.keel.api.Plugin;
import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginStatus;

/**
 * Runs every {@link Plugin} service: starts them in priority order once their
 * required plugins are ACTIVE, stops dependents before what they depend on,
 * and isolates failures. All transitions happen on one lifecycle thread
 * ({@link Transitions}); the plugin's own start()/stop() run on worker
 * threads under a timeout. Tells {@link LifecycleListener}s what happens.
 */
@Component(service = {PluginRuntime.class, PluginLifecycle.class, PluginManager.class}, immediate = true,
        configurationPid = PluginManager.PID)
@Designate(ocd = PluginManager.Config.class)
public final class PluginManager implements PluginRuntime, PluginLifecycle {

    /** Configuration PID: {@code etc/keel.plugins.cfg}. */
    public static final String PID = "keel.plugins";

    /** Configuration of the plugin lifecycle. */
    @ObjectClassDefinition(name = "Keel plugin lifecycle")
    public @interface Config {
        @AttributeDefinition(name = "Start timeout (ms)", min = "1",
                description = "A plugin whose start() takes longer is FAILED.")
        long start_timeout_ms() default 10_000;

        @AttributeDefinition(name = "Stop timeout (ms)", min = "1",
                description = "How long the kernel waits for a plugin's calls in flight, and then for its stop(), "
                        + "before moving on.")
        long stop_timeout_ms() default 10_000;
    }

    private final Logger log;
    private volatile long startTimeoutMs;
    private volatile long stopTimeoutMs;
    private final Map<Long, ManagedPlugin> plugins = new ConcurrentHashMap<>();
    private final Preparations preparations;
    private final Listeners listeners;
    private final LifecycleThread thread;
    private final Transitions transitions;
    private final PluginEvents events;
    private final Elsewhere elsewhere = new Elsewhere();

    @Activate
    public PluginManager(Config config,
            @Reference(service = LoggerFactory.class) Logger log,
            @Reference PluginEvents events) {
        this.log = log;
        this.events = events;
        modified(config);
        this.preparations = new Preparations(log);
        this.listeners = new Listeners(log);
        this.thread = new LifecycleThread(log);
        this.transitions = new Transitions(plugins, preparations, listeners, events, thread, log,
                () -> startTimeoutMs, () -> stopTimeoutMs, elsewhere);
    }

    /** Applies new timeouts live; plugins keep running. */
    @Modified
    void modified(Config config) {
        this.startTimeoutMs = positive("start.timeout.ms", config::start_timeout_ms, startTimeoutMs, 10_000);
        this.stopTimeoutMs = positive("stop.timeout.ms", config::stop_timeout_ms, stopTimeoutMs, 10_000);
    }

    private long positive(String key, LongSupplier read, long current, long fallback) {
        return Timeouts.positive(log, key, read, current, fallback);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPlugin(ServiceReference<Plugin> ref, Plugin plugin) {
        ManagedPlugin managed = PluginDescription.describe(ref, plugin, log);
        if (!thread.submit(() -> {
            plugins.put(managed.serviceId, managed);
            log.debug("plugin {} registered (priority {}, requires {})", managed, managed.priority, managed.requires);
            listeners.registered(managed);
            events.post(managed);
            listeners.changed();
            transitions.reconcile();
        })) {
            log.debug("plugin {} registered while the kernel is closing: ignored", managed);
        }
    }

    void updatedPlugin(ServiceReference<Plugin> ref) {
        thread.submit(() -> {
            ManagedPlugin managed = plugins.get(PluginDescription.serviceId(ref));
            if (managed != null) {
                managed.priority = PluginDescription.priority(ref);
                managed.requires = PluginDescription.requires(ref);
                listeners.changed();
                transitions.reconcile();
            }
        });
    }

    void removePlugin(ServiceReference<Plugin> ref) {
        long id = PluginDescription.serviceId(ref);
        runAndWait(() -> {
            ManagedPlugin gone = plugins.get(id);
            if (gone == null) {
                return null;
            }
            transitions.stopAll(List.of(gone), false);
            listeners.unregistered(gone); // before it is forgotten: a caller always finds it known or vanished
            plugins.remove(id);
            log.info("plugin {} unregistered", gone);
            listeners.changed();
            transitions.reconcile();
            return null;
        });
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPreparation(PluginPreparation preparation) {
        preparations.add(preparation);
        reconsider();
    }

    void removePreparation(PluginPreparation preparation) {
        preparations.remove(preparation);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addListener(LifecycleListener listener) {
        listeners.add(listener);
    }

    void removeListener(LifecycleListener listener) {
        listeners.remove(listener);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRemote(RemotePlugins remote) {
        elsewhere.add(remote);
        reconsider();
    }

    void removeRemote(RemotePlugins remote) {
        elsewhere.remove(remote);
    }

    @Deactivate
    void deactivate() {
        runAndWait(() -> {
            transitions.stopAll(List.copyOf(plugins.values()), false);
            return null;
        });
        thread.close();
    }

    @Override
    public List<PluginStatus> plugins() {
        List<ManagedPlugin> all = new ArrayList<>(plugins.values());
        all.sort(StartOrder.ORDER);
        List<PluginStatus> out = new ArrayList<>(all.size());
        for (ManagedPlugin p : all) {
            out.add(p.snapshot(StartOrder.waitingFor(p, all, elsewhere)));
        }
        return out;
    }

    @Override
    public Optional<PluginStatus> plugin(String name) {
        return plugins().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    @Override
    public PluginStatus start(String name) {
        requireKnown(name);
        runAndWait(() -> {
            for (ManagedPlugin p : named(name)) {
                p.held = false;
                p.retry = true;
            }
            listeners.changed();
            transitions.reconcile();
            return null;
        });
        return plugin(name).orElseThrow(() -> unknown(name));
    }

    @Override
    public PluginStatus stop(String name) {
        requireKnown(name);
        runAndWait(() -> {
            List<ManagedPlugin> targets = named(name);
            targets.forEach(p -> p.held = true);
            transitions.stopAll(targets, true);
            listeners.changed();
            transitions.reconcile();
            return null;
        });
        return plugin(name).orElseThrow(() -> unknown(name));
    }

    @Override
    public List<PluginInstance> instances() {
        List<PluginInstance> out = new ArrayList<>(plugins.size());
        for (ManagedPlugin p : plugins.values()) {
            out.add(p.instance());
        }
        return out;
    }

    @Override
    public void leaving(long bundleId) {
        runAndWait(() -> {
            List<ManagedPlugin> targets = new ArrayList<>();
            for (ManagedPlugin p : plugins.values()) {
                if (p.bundleId == bundleId) {
                    p.leaving = true;
                    targets.add(p);
                }
            }
            if (!targets.isEmpty()) {
                transitions.stopAll(targets, false);
                listeners.changed();
            }
            return null;
        });
    }

    @Override
    public void reconsider() {
        thread.submit(transitions::reconcile);
    }

    @Override
    public Duration stopTimeout() {
        return Duration.ofMillis(stopTimeoutMs);
    }

    @Override
    public boolean awaitIdle(Duration timeout) {
        return thread.awaitIdle(timeout);
    }

    /** Runs on the lifecycle thread and waits, bounded, so a service unregistration sees its plugin stopped. */
    private void runAndWait(Callable<Void> task) {
        thread.runAndWait(task, 2 * (startTimeoutMs + stopTimeoutMs) + plugins.size() * stopTimeoutMs);
    }

    private List<ManagedPlugin> named(String name) {
        List<ManagedPlugin> out = new ArrayList<>();
        for (ManagedPlugin p : plugins.values()) {
            if (p.name.equals(name)) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparingLong(p -> p.serviceId));
        return out;
    }

    private void requireKnown(String name) {
        if (plugins.values().stream().noneMatch(p -> p.name.equals(name))) {
            throw unknown(name);
        }
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown plugin: " + name);
    }
}
