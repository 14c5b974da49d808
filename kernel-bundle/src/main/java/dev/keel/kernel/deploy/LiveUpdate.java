package dev.keel.kernel.deploy;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
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

import dev.keel.kernel.plugin.LifecycleListener;
import dev.keel.kernel.plugin.PluginInstance;
import dev.keel.kernel.plugin.PluginLifecycle;

/**
 * Live update: the gate of calls into each plugin bundle (closed to drain the
 * bundle's calls in flight before its plugin stops, opened when it is ACTIVE
 * or registers again), whether a plugin is coming back (so its callers are
 * held rather than refused), the one {@link Admission} loop that the HTTP
 * entry and governed calls enter by, and the change signal that held callers
 * and the kernel's routing caches follow. Everything it keeps per bundle is
 * forgotten when the bundle is uninstalled.
 */
@Component(service = {LiveUpdate.class, LifecycleListener.class}, immediate = true, configurationPid = LiveUpdate.PID)
@Designate(ocd = LiveUpdate.Config.class)
public final class LiveUpdate implements LifecycleListener, BundleListener {

    /** Configuration PID: {@code etc/keel.liveupdate.cfg}. */
    public static final String PID = "keel.liveupdate";

    /** Configuration of live update. */
    @ObjectClassDefinition(name = "Keel live update",
            description = "How calls and requests for a plugin that is being updated are held.")
    public @interface Config {
        @AttributeDefinition(name = "Hold timeout (ms)", min = "0",
                description = "How long a call or request for a plugin that is coming back (being updated or "
                        + "refreshed, starting, waiting for a required plugin) is held before it fails with 503; "
                        + "0: never held")
        long hold_timeout_ms() default 5000;
    }

    private final BundleContext context;
    private final PluginLifecycle lifecycle;
    private final Logger log;
    /** Calls in flight per plugin bundle (by bundle id, which an update keeps). */
    private final Map<Long, InFlight> gates = new ConcurrentHashMap<>();
    /** When each plugin name last lost its registration ({@link System#nanoTime()}), for {@link #comingBack}. */
    private final Map<String, Long> vanished = new ConcurrentHashMap<>();
    /** The plugin name each bundle last ran (an update keeps the bundle id). */
    private final Map<Long, String> bundleNames = new ConcurrentHashMap<>();
    private final Changes changes = new Changes();
    private final Admission admission;
    private volatile long holdTimeoutMs;

    @Activate
    public LiveUpdate(Config config, BundleContext context, @Reference PluginLifecycle lifecycle,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.context = context;
        this.lifecycle = lifecycle;
        this.log = log;
        this.admission = new Admission(changes, () -> holdTimeoutMs);
        modified(config);
        context.addBundleListener(this);
        for (PluginInstance p : lifecycle.instances()) {
            bundleNames.putIfAbsent(p.bundleId(), p.name());
        }
    }

    @Modified
    void modified(Config config) {
        holdTimeoutMs = Math.max(0, config.hold_timeout_ms());
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
    }

    /** The one admission loop: choose, enter the gate, hold while the plugin comes back. */
    public Admission admission() {
        return admission;
    }

    /** The gate of calls into a plugin bundle (by bundle id). */
    public InFlight gate(long bundleId) {
        InFlight gate = gates.get(bundleId);
        return gate != null ? gate : gates.computeIfAbsent(bundleId, id -> new InFlight());
    }

    /** A number that changes whenever a plugin's state, a registration or a provider changes: caches compare it. */
    public long generation() {
        return changes.generation();
    }

    /** The configured hold timeout, in milliseconds. */
    public long holdTimeoutMs() {
        return holdTimeoutMs;
    }

    /** Whether a call for plugin {@code name} that finds no ACTIVE instance should be held. */
    public boolean comingBack(String name) {
        return ComingBack.of(name, lifecycle.instances(), vanished::get,
                TimeUnit.MILLISECONDS.toNanos(holdTimeoutMs), System.nanoTime());
    }

    /** {@link #comingBack(String)} for the plugin a bundle runs or last ran; false when it never ran one. */
    public boolean comingBack(long bundleId) {
        String name = bundleNames.get(bundleId);
        return name != null && comingBack(name);
    }

    /** A new provider or route of a bundle was registered: calls may enter it again and held ones look again. */
    public void registeredAgain(long bundleId) {
        gate(bundleId).open();
        changes.signal();
    }

    /**
     * A bundle's services or routes are going away (it is stopping): its
     * plugins stop after their calls in flight, dependents first; then the
     * bundle's own gate is drained. Returns when done (bounded by
     * {@code stop.timeout.ms} of {@code keel.plugins} per plugin).
     */
    public void goingAway(long bundleId) {
        lifecycle.leaving(bundleId);
        Duration bound = lifecycle.stopTimeout();
        drain(bundleId, System.nanoTime() + bound.toNanos(), "stopping");
    }

    /**
     * Closes the gates of the bundles and waits until none of them has a call
     * in flight, at most {@code bound} in all (promote and rollback: the
     * version that lost its traffic finishes what it serves). Holds no lock
     * while it waits. Callers refused meanwhile choose again.
     *
     * @return whether every call in flight finished within the bound
     */
    public boolean drain(Collection<Long> bundleIds, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        boolean idle = true;
        for (long id : bundleIds) {
            idle &= drain(id, deadline, "draining");
        }
        changes.signal();
        return idle;
    }

    /** Opens a bundle's gate again (a drain whose bundle stays). */
    public void reopen(long bundleId) {
        registeredAgain(bundleId);
    }

    private boolean drain(long bundleId, long deadlineNanos, String why) {
        InFlight gate = gate(bundleId);
        boolean idle = gate.drain(deadlineNanos);
        if (!idle) {
            log.warn("bundle {} {}: {} calls still in flight at the deadline; going on", bundleId, why, gate.count());
        }
        return idle;
    }

    // --- what the plugin lifecycle tells (on its thread) ---------------------------------------

    @Override
    public void registered(String name, long bundleId) {
        // its vanished time stays: while it is known it does not count, and a moment after its next
        // unregistration it must already be there (the swap of an update)
        bundleNames.put(bundleId, name);
    }

    @Override
    public void unregistered(String name, long bundleId) {
        vanished.put(name, System.nanoTime());
    }

    @Override
    public void activating(long bundleId) {
        gate(bundleId).open();
    }

    @Override
    public void stopping(long bundleId, long deadlineNanos) {
        drain(bundleId, deadlineNanos, "stopping");
    }

    @Override
    public void changed() {
        changes.signal();
    }

    /** Forgets an uninstalled bundle: its gate, the plugin it ran (not coming back), and names gone too long ago. */
    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.UNINSTALLED) {
            forget(event.getBundle().getBundleId());
        }
    }

    void forget(long bundleId) {
        gates.remove(bundleId);
        String name = bundleNames.remove(bundleId);
        if (name != null && !bundleNames.containsValue(name)) {
            vanished.remove(name); // gone for good: its callers are answered at once
        }
        long now = System.nanoTime();
        long window = TimeUnit.MILLISECONDS.toNanos(holdTimeoutMs);
        vanished.values().removeIf(at -> now - at >= window);
    }

    /** How many bundles and names it keeps something for (gates, names, vanished), for tests. */
    int[] sizes() {
        return new int[] {gates.size(), bundleNames.size(), vanished.size()};
    }
}
