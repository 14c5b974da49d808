package dev.keel.kernel.plugin;

import java.time.Duration;
import java.util.List;

/**
 * Kernel-internal service of the plugin lifecycle beside
 * {@link dev.keel.api.PluginRuntime}: what the kernel's other services ask of
 * it (live update, storage) without depending on {@link PluginManager}.
 */
public interface PluginLifecycle {

    /** Every registered plugin service, with what the lifecycle knows of it. */
    List<PluginInstance> instances();

    /**
     * The services of a bundle are going away (it is stopping for an update,
     * a refresh or for good): stops its plugins, dependents first, each after
     * the {@link LifecycleListener#stopping} wait, and keeps them from starting
     * again on this registration. Returns when they have stopped (bounded).
     */
    void leaving(long bundleId);

    /** Looks again at plugins waiting for a {@link PluginPreparation}: one of them may be ready now. */
    void reconsider();

    /** How long the lifecycle waits for a plugin's {@code stop()} (and for its calls in flight before it). */
    Duration stopTimeout();

    /**
     * Waits, bounded, until the lifecycle thread has handled everything queued
     * so far (registrations, and the starts they make possible).
     *
     * @return whether it has, within the timeout
     */
    boolean awaitIdle(Duration timeout);
}
