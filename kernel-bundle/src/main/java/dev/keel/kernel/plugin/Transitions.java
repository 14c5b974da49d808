package dev.keel.kernel.plugin;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.osgi.service.log.Logger;

import dev.keel.api.PluginState;

/**
 * Starts and stops plugins, on the lifecycle thread: each plugin's
 * {@code start()} (after its preparations) and {@code stop()} run on a worker
 * under their timeouts; a late start is undone; every state change is logged,
 * posted as an event and told to the {@link LifecycleListener}s.
 */
final class Transitions {

    private final Map<Long, ManagedPlugin> plugins;
    private final Preparations preparations;
    private final Listeners listeners;
    private final PluginEvents events;
    private final LifecycleThread thread;
    private final Logger log;
    private final LongSupplier startTimeoutMs;
    private final LongSupplier stopTimeoutMs;
    private final AtomicLong activations = new AtomicLong();
    private final Predicate<String> elsewhere;

    Transitions(Map<Long, ManagedPlugin> plugins, Preparations preparations, Listeners listeners, PluginEvents events,
            LifecycleThread thread, Logger log, LongSupplier startTimeoutMs, LongSupplier stopTimeoutMs,
            Predicate<String> elsewhere) {
        this.elsewhere = elsewhere;
        this.plugins = plugins;
        this.preparations = preparations;
        this.listeners = listeners;
        this.events = events;
        this.thread = thread;
        this.log = log;
        this.startTimeoutMs = startTimeoutMs;
        this.stopTimeoutMs = stopTimeoutMs;
    }

    /** Starts, one by one, every plugin that wants to run and may. */
    void reconcile() {
        Optional<ManagedPlugin> next;
        while (!thread.closed() && (next = StartOrder.next(withBlocks(), elsewhere)).isPresent()) {
            startOne(next.get());
        }
    }

    /** Asks the preparations what each plugin that wants to run still waits for. */
    private Collection<ManagedPlugin> withBlocks() {
        for (ManagedPlugin p : plugins.values()) {
            p.blockedBy = p.wantsToRun() ? preparations.notReady(p) : null;
        }
        return plugins.values();
    }

    private void startOne(ManagedPlugin p) {
        p.retry = false;
        p.failure = null;
        transition(p, PluginState.STARTING, null);
        long timeoutMs = startTimeoutMs.getAsLong();
        AtomicBoolean settled = new AtomicBoolean();
        Future<?> call = thread.onWorker(() -> {
            preparations.prepare(p);
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
            try {
                call.get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (settled.compareAndSet(false, true)) {
                    call.cancel(true);
                    fail(p, "start() did not return within " + timeoutMs + " ms", null);
                    return;
                }
                call.get(); // it returned just as the kernel gave up: it counts as started
            }
            active(p);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Preparations.Failed prep) {
                fail(p, prep.getMessage(), prep.getCause());
            } else {
                fail(p, "start() threw " + PluginDescription.oneLine(cause), cause);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(p, "interrupted while starting", e);
        }
    }

    private void active(ManagedPlugin p) {
        p.startedAt = Instant.now();
        p.activationSeq = activations.incrementAndGet();
        listeners.activating(p);
        transition(p, PluginState.ACTIVE, null);
    }

    private void fail(ManagedPlugin p, String why, Throwable cause) {
        p.failure = why;
        p.startedAt = null;
        transition(p, PluginState.FAILED, cause);
    }

    /** Stops the targets and every plugin that would lose a required plugin, dependents first. */
    void stopAll(List<ManagedPlugin> targets, boolean byOperator) {
        for (ManagedPlugin p : StartOrder.stopSet(targets, plugins.values())) {
            if (p.state == PluginState.ACTIVE) {
                stopOne(p, byOperator && targets.contains(p) ? "stopped by operator"
                        : targets.contains(p) ? "going away" : "a required plugin is stopping");
            }
        }
    }

    private void stopOne(ManagedPlugin p, String why) {
        transition(p, PluginState.STOPPING, null);
        log.info("stopping plugin {}: {}", p, why);
        long timeoutMs = stopTimeoutMs.getAsLong();
        // no new call gets in; the ones in flight finish before stop() (new ones are held meanwhile)
        listeners.stopping(p, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs));
        Future<?> call = thread.onWorker(() -> {
            p.plugin.stop();
            return null;
        });
        try {
            call.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            log.warn("plugin {}: stop() did not return within {} ms; considered stopped", p, timeoutMs);
        } catch (ExecutionException e) {
            log.warn("plugin {}: stop() threw {}; considered stopped", p, PluginDescription.oneLine(e.getCause()),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        p.startedAt = null;
        transition(p, PluginState.STOPPED, null);
    }

    private void transition(ManagedPlugin p, PluginState state, Throwable cause) {
        p.state = state;
        switch (state) {
            case FAILED -> log.error("plugin {} from {} FAILED: {}", p, p.source(), p.failure, cause);
            case ACTIVE, STOPPED -> log.info("plugin {} {}", p, state);
            default -> log.debug("plugin {} {}", p, state);
        }
        events.post(p);
        listeners.changed();
    }
}
