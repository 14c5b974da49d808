package dev.keel.kernel.plugin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentException;
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

import dev.keel.api.KeelPlugin;
import dev.keel.api.Plugin;
import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;

/**
 * Runs every {@link Plugin} service: starts them in priority order once their
 * required plugins are ACTIVE, stops dependents before what they depend on,
 * and isolates failures. All transitions happen on one lifecycle thread; the
 * plugin's own start()/stop() run on worker threads under a timeout.
 */
@Component(service = {PluginRuntime.class, PluginManager.class}, immediate = true, configurationPid = PluginManager.PID)
@Designate(ocd = PluginManager.Config.class)
public final class PluginManager implements PluginRuntime {

    /** Configuration PID: {@code etc/keel.plugins.cfg}. */
    public static final String PID = "keel.plugins";

    /** Configuration of the plugin lifecycle. */
    @ObjectClassDefinition(name = "Keel plugin lifecycle")
    public @interface Config {
        @AttributeDefinition(name = "Start timeout (ms)", min = "1",
                description = "A plugin whose start() takes longer is FAILED.")
        long start_timeout_ms() default 10_000;

        @AttributeDefinition(name = "Stop timeout (ms)", min = "1",
                description = "How long the kernel waits for a plugin's stop() before moving on.")
        long stop_timeout_ms() default 10_000;
    }

    private final Logger log;
    private final PluginEvents events;
    private volatile long startTimeoutMs;
    private volatile long stopTimeoutMs;
    private final Map<Long, ManagedPlugin> plugins = new ConcurrentHashMap<>();
    private final List<PluginPreparation> preparations = new CopyOnWriteArrayList<>();
    private final AtomicLong activations = new AtomicLong();
    /** Calls in flight per plugin bundle (by bundle id, which an update keeps). */
    private final Map<Long, InFlight> gates = new ConcurrentHashMap<>();
    /** When each plugin name last lost its registration (System.nanoTime()), for {@link #comingBack}. */
    private final Map<String, Long> vanished = new ConcurrentHashMap<>();
    private final Changes changes = new Changes();
    /** The plugin name each bundle last ran (an update keeps the bundle id). */
    private final Map<Long, String> bundleNames = new ConcurrentHashMap<>();
    private final ExecutorService lifecycle;
    private final ExecutorService calls;
    private volatile Thread lifecycleThread;
    private volatile boolean closed;

    @Activate
    public PluginManager(Config config,
            @Reference(service = LoggerFactory.class) Logger log,
            @Reference PluginEvents events) {
        this.log = log;
        this.events = events;
        modified(config);
        this.lifecycle = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "keel-lifecycle");
            t.setDaemon(true);
            lifecycleThread = t;
            return t;
        });
        AtomicInteger n = new AtomicInteger();
        this.calls = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "keel-plugin-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Applies new timeouts live; plugins keep running. */
    @Modified
    void modified(Config config) {
        this.startTimeoutMs = positive("start.timeout.ms", config::start_timeout_ms, startTimeoutMs, 10_000);
        this.stopTimeoutMs = positive("stop.timeout.ms", config::stop_timeout_ms, stopTimeoutMs, 10_000);
    }

    /**
     * A second line of defence behind the kernel's configuration validator,
     * which keeps bad values from components and reports each in one ERROR
     * line. At start-up SCR may hand the kernel's own components their
     * configuration before the validator is there (it catches up a moment
     * later), so a bad value, or one that is no number (SCR then throws on
     * reading it), keeps the current value here; logged at DEBUG only, so the
     * operator sees the validator's line once.
     */
    private long positive(String key, LongSupplier read, long current, long fallback) {
        long kept = current >= 1 ? current : fallback;
        try {
            long value = read.getAsLong();
            if (value >= 1) {
                return value;
            }
            log.debug("{}: {} = {} not used: must be a whole number of milliseconds of at least 1; keeping {}",
                    PID, key, value, kept);
        } catch (ComponentException e) {
            log.debug("{}: {} not used: {}; keeping {}", PID, key, e.getMessage(), kept);
        }
        return kept;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPlugin(ServiceReference<Plugin> ref, Plugin plugin) {
        ManagedPlugin managed = describe(ref, plugin);
        bundleNames.put(managed.bundleId, managed.name);
        if (!submit(() -> {
            plugins.put(managed.serviceId, managed);
            log.debug("plugin {} registered (priority {}, requires {})", managed, managed.priority, managed.requires);
            events.post(managed);
            reconcile();
        })) {
            log.debug("plugin {} registered while the kernel is closing: ignored", managed);
        }
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

    /** Looks again at plugins waiting for a {@link PluginPreparation}: one of them may be ready now. */
    public void reconsider() {
        submit(this::reconcile);
    }

    void updatedPlugin(ServiceReference<Plugin> ref) {
        submit(() -> {
            ManagedPlugin managed = plugins.get(serviceId(ref));
            if (managed != null) {
                managed.priority = priority(ref);
                managed.requires = requires(ref);
                reconcile();
            }
        });
    }

    void removePlugin(ServiceReference<Plugin> ref) {
        long id = serviceId(ref);
        runAndWait(() -> {
            ManagedPlugin gone = plugins.get(id);
            if (gone == null) {
                return null;
            }
            stopAll(List.of(gone), false);
            plugins.remove(id);
            vanished.put(gone.name, System.nanoTime());
            log.info("plugin {} unregistered", gone);
            changes.signal();
            reconcile();
            return null;
        });
    }

    @Deactivate
    void deactivate() {
        runAndWait(() -> {
            stopAll(List.copyOf(plugins.values()), false);
            return null;
        });
        closed = true;
        lifecycle.shutdown();
        calls.shutdown();
    }

    @Override
    public List<PluginStatus> plugins() {
        List<ManagedPlugin> all = new ArrayList<>(plugins.values());
        all.sort(StartOrder.ORDER);
        List<PluginStatus> out = new ArrayList<>(all.size());
        for (ManagedPlugin p : all) {
            out.add(p.snapshot(StartOrder.waitingFor(p, all)));
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
            reconcile();
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
            stopAll(targets, true);
            reconcile();
            return null;
        });
        return plugin(name).orElseThrow(() -> unknown(name));
    }

    // --- live update: holding and draining ---------------------------------------

    /** The gate of calls into a plugin bundle (by bundle id). */
    public InFlight gate(long bundleId) {
        InFlight gate = gates.get(bundleId);
        return gate != null ? gate : gates.computeIfAbsent(bundleId, id -> new InFlight());
    }

    /** Signalled on every plugin state change; callers held for a plugin wait on it. */
    public Changes changes() {
        return changes;
    }

    /**
     * Whether a call for the plugin {@code name} that finds no ACTIVE instance
     * should wait for one: an instance of it is ACTIVE, starting, stopping
     * because its bundle is updated or refreshed, or stopped only until a
     * required plugin is back; or its last instance went away less than
     * {@code windowNanos} ago (a bundle update). Not when an operator stopped
     * it, or it FAILED.
     */
    public boolean comingBack(String name, long windowNanos) {
        return comingBack(name, windowNanos, 0);
    }

    /** {@link #comingBack(String, long)} for the plugin a bundle runs or last ran; false when it never ran one. */
    public boolean comingBack(long bundleId, long windowNanos) {
        String name = bundleNames.get(bundleId);
        return name != null && comingBack(name, windowNanos, 0);
    }

    private boolean comingBack(String name, long windowNanos, int depth) {
        boolean known = false;
        for (ManagedPlugin p : plugins.values()) {
            if (!p.name.equals(name)) {
                continue;
            }
            known = true;
            if (p.leaving) {
                return true;
            }
            switch (p.state) {
                case NEW, STARTING, ACTIVE, STOPPING -> {
                    return !p.held || p.state == PluginState.ACTIVE;
                }
                case STOPPED -> {
                    if (!p.held && depth < 8
                            && p.requires.stream().allMatch(r -> comingBack(r, windowNanos, depth + 1))) {
                        return true;
                    }
                }
                case FAILED -> {
                    if (p.retry && !p.held) {
                        return true;
                    }
                }
                default -> {
                }
            }
        }
        if (known) {
            return false;
        }
        Long at = vanished.get(name);
        return at != null && System.nanoTime() - at < windowNanos;
    }

    /**
     * The services or routes of a bundle are going away (its bundle is
     * stopping, for an update, a refresh or for good): stops its plugins
     * (dependents first), each after its calls in flight have finished, and
     * keeps them from starting again on this revision; then drains the
     * bundle's own gate. Synchronous, bounded by {@code stop.timeout.ms} per
     * plugin, so the unregistration that calls it waits.
     */
    public void goingAway(long bundleId) {
        runAndWait(() -> {
            List<ManagedPlugin> targets = new ArrayList<>();
            for (ManagedPlugin p : plugins.values()) {
                if (p.bundleId == bundleId) {
                    p.leaving = true;
                    targets.add(p);
                }
            }
            if (!targets.isEmpty()) {
                stopAll(targets, false);
                changes.signal();
            }
            return null;
        });
        drain(bundleId);
    }

    /** Closes a bundle's gate and waits, at most {@code stop.timeout.ms}, for its calls in flight. */
    public boolean drain(long bundleId) {
        InFlight gate = gate(bundleId);
        boolean idle = gate.drain(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(stopTimeoutMs));
        if (!idle) {
            log.warn("bundle {}: {} calls still in flight after {} ms; going on", bundleId, gate.count(),
                    stopTimeoutMs);
        }
        return idle;
    }

    /** Lets calls into a bundle again (a new registration of its services). */
    public void admit(long bundleId) {
        gate(bundleId).open();
        changes.signal();
    }

    // --- on the lifecycle thread -------------------------------------------------

    /** Starts, one by one, every plugin that wants to run and may. */
    private void reconcile() {
        Optional<ManagedPlugin> next;
        while (!closed && (next = StartOrder.next(withBlocks())).isPresent()) {
            startOne(next.get());
        }
    }

    /** Asks the preparations what each plugin that wants to run still waits for. */
    private Collection<ManagedPlugin> withBlocks() {
        for (ManagedPlugin p : plugins.values()) {
            p.blockedBy = p.wantsToRun() ? notReady(p) : null;
        }
        return plugins.values();
    }

    private String notReady(ManagedPlugin p) {
        if (p.bundle == null) {
            return null;
        }
        for (PluginPreparation preparation : preparations) {
            try {
                String why = preparation.notReady(p.bundle);
                if (why != null) {
                    return why;
                }
            } catch (RuntimeException e) {
                log.warn("plugin {}: preparation check threw {}; ignored", p, oneLine(e), e);
            }
        }
        return null;
    }

    /** Runs every preparation for the plugin; on the plugin's worker thread. */
    private void prepare(ManagedPlugin p) throws PreparationFailed {
        if (p.bundle == null) {
            return;
        }
        for (PluginPreparation preparation : preparations) {
            try {
                preparation.prepare(p.bundle, p.name, p.version);
            } catch (Exception e) {
                throw new PreparationFailed(e);
            }
        }
    }

    /** A preparation failed: its message is the plugin's failure. */
    private static final class PreparationFailed extends Exception {
        private static final long serialVersionUID = 1L;

        PreparationFailed(Exception cause) {
            super(cause.getMessage() == null ? oneLine(cause)
                    : cause.getMessage().lines().findFirst().orElse(oneLine(cause)), cause);
        }
    }

    private void startOne(ManagedPlugin p) {
        p.retry = false;
        p.failure = null;
        transition(p, PluginState.STARTING);
        AtomicBoolean settled = new AtomicBoolean();
        Future<?> call = calls.submit(() -> {
            prepare(p);
            if (settled.get()) {
                return null; // gave up waiting while it was being prepared: do not start it late
            }
            p.plugin.start();
            if (!settled.compareAndSet(false, true)) {
                // the kernel gave up waiting and marked it FAILED: undo the late start
                log.warn("plugin {} finished start() after the timeout; stopping it again", p);
                p.plugin.stop();
            }
            return null;
        });
        try {
            call.get(startTimeoutMs, TimeUnit.MILLISECONDS);
            p.startedAt = Instant.now();
            p.activationSeq = activations.incrementAndGet();
            gate(p.bundleId).open();
            transition(p, PluginState.ACTIVE);
        } catch (TimeoutException e) {
            if (settled.compareAndSet(false, true)) {
                call.cancel(true);
                fail(p, "start() did not return within " + startTimeoutMs + " ms", null);
            } else {
                startOneCompletedLate(p, call);
            }
        } catch (ExecutionException e) {
            failed(p, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(p, "interrupted while starting", e);
        }
    }

    private void startOneCompletedLate(ManagedPlugin p, Future<?> call) {
        try {
            call.get();
            p.startedAt = Instant.now();
            p.activationSeq = activations.incrementAndGet();
            gate(p.bundleId).open();
            transition(p, PluginState.ACTIVE);
        } catch (ExecutionException e) {
            failed(p, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(p, "interrupted while starting", e);
        }
    }

    private void failed(ManagedPlugin p, Throwable cause) {
        if (cause instanceof PreparationFailed prep) {
            fail(p, prep.getMessage(), prep.getCause());
        } else {
            fail(p, "start() threw " + oneLine(cause), cause);
        }
    }

    private void fail(ManagedPlugin p, String why, Throwable cause) {
        p.failure = why;
        p.startedAt = null;
        transition(p, PluginState.FAILED, cause);
    }

    /** Stops the targets and every plugin that would lose a required plugin, dependents first. */
    private void stopAll(List<ManagedPlugin> targets, boolean byOperator) {
        for (ManagedPlugin p : StartOrder.stopSet(targets, plugins.values())) {
            if (p.state == PluginState.ACTIVE) {
                stopOne(p, byOperator && targets.contains(p) ? "stopped by operator"
                        : targets.contains(p) ? "going away" : "a required plugin is stopping");
            }
        }
    }

    private void stopOne(ManagedPlugin p, String why) {
        transition(p, PluginState.STOPPING);
        log.info("stopping plugin {}: {}", p, why);
        // no new call gets in; the ones in flight finish before stop() (new ones are held meanwhile)
        drain(p.bundleId);
        Future<?> call = calls.submit(() -> {
            p.plugin.stop();
            return null;
        });
        try {
            call.get(stopTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            log.warn("plugin {}: stop() did not return within {} ms; considered stopped", p, stopTimeoutMs);
        } catch (ExecutionException e) {
            log.warn("plugin {}: stop() threw {}; considered stopped", p, oneLine(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        p.startedAt = null;
        transition(p, PluginState.STOPPED);
    }

    private void transition(ManagedPlugin p, PluginState state) {
        transition(p, state, null);
    }

    private void transition(ManagedPlugin p, PluginState state, Throwable cause) {
        p.state = state;
        switch (state) {
            case FAILED -> log.error("plugin {} from {} FAILED: {}", p, p.source(), p.failure, cause);
            case ACTIVE, STOPPED -> log.info("plugin {} {}", p, state);
            default -> log.debug("plugin {} {}", p, state);
        }
        events.post(p);
        changes.signal();
    }

    // --- plumbing -----------------------------------------------------------------

    private boolean submit(Runnable task) {
        if (closed) {
            return false;
        }
        lifecycle.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("plugin lifecycle task failed: {}", oneLine(e), e);
            }
        });
        return true;
    }

    /**
     * Waits, bounded, until the lifecycle thread has handled everything queued
     * so far (registrations, and the starts they make possible).
     *
     * @return whether it has, within the timeout
     */
    public boolean awaitIdle(Duration timeout) {
        if (closed || Thread.currentThread() == lifecycleThread) {
            return true;
        }
        try {
            lifecycle.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException | RejectedExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs on the lifecycle thread and waits, bounded, so a service unregistration sees its plugin stopped. */
    private void runAndWait(Callable<Void> task) {
        if (closed) {
            return;
        }
        if (Thread.currentThread() == lifecycleThread) {
            try {
                task.call();
            } catch (Exception e) {
                log.error("plugin lifecycle task failed: {}", oneLine(e), e);
            }
            return;
        }
        long boundMs = 2 * (startTimeoutMs + stopTimeoutMs) + plugins.size() * stopTimeoutMs;
        Future<Void> f = lifecycle.submit(task);
        try {
            f.get(boundMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.error("plugin lifecycle did not finish within {} ms; going on", boundMs);
        } catch (ExecutionException e) {
            log.error("plugin lifecycle task failed: {}", oneLine(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    private IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown plugin: " + name);
    }

    private ManagedPlugin describe(ServiceReference<Plugin> ref, Plugin plugin) {
        Bundle bundle = ref.getBundle();
        String bsn = bundle.getSymbolicName();
        String name;
        String version;
        try {
            name = plugin.name();
            version = plugin.version();
        } catch (RuntimeException e) {
            name = bsn;
            version = bundle.getVersion().toString();
            log.error("plugin service {} from bundle {}: name()/version() threw {}", serviceId(ref), bsn, oneLine(e), e);
        }
        if (name == null || name.isBlank()) {
            name = bsn;
        }
        ManagedPlugin managed = new ManagedPlugin(serviceId(ref), plugin, name, version == null ? "0.0.0" : version,
                bundle.getBundleId(), bsn, bundle.getLocation(), priority(ref), requires(ref));
        managed.bundle = bundle;
        return managed;
    }

    private static long serviceId(ServiceReference<?> ref) {
        return (Long) ref.getProperty(Constants.SERVICE_ID);
    }

    static int priority(ServiceReference<?> ref) {
        Object value = ref.getProperty(KeelPlugin.PRIORITY);
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                return KeelPlugin.DEFAULT_PRIORITY;
            }
        }
        return KeelPlugin.DEFAULT_PRIORITY;
    }

    static List<String> requires(ServiceReference<?> ref) {
        Object value = ref.getProperty(KeelPlugin.REQUIRES);
        List<String> out = new ArrayList<>();
        if (value instanceof String[] names) {
            for (String n : names) {
                addNames(out, n);
            }
        } else if (value instanceof Iterable<?> names) {
            names.forEach(n -> addNames(out, String.valueOf(n)));
        } else if (value != null) {
            addNames(out, value.toString());
        }
        return out;
    }

    private static void addNames(List<String> out, String names) {
        for (String n : names.split(",")) {
            if (!n.isBlank() && !out.contains(n.trim())) {
                out.add(n.trim());
            }
        }
    }

    static String oneLine(Throwable t) {
        if (t == null) {
            return "";
        }
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }
}
