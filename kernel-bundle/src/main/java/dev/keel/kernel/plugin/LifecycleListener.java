package dev.keel.kernel.plugin;

/**
 * Kernel-internal seam: what the plugin lifecycle tells the kernel's other
 * services while it runs plugins (live update keeps its gates, holds and the
 * names of vanished plugins from it). {@link PluginManager} calls every
 * registered listener on its lifecycle thread; a listener must return quickly
 * except from {@link #stopping}, and must not wait for the lifecycle thread.
 */
public interface LifecycleListener {

    /** A plugin service registered: bundle {@code bundleId} runs the plugin {@code name}. */
    default void registered(String name, long bundleId) {
    }

    /** A plugin service went away (its plugin was stopped first). */
    default void unregistered(String name, long bundleId) {
    }

    /** The plugin of bundle {@code bundleId} started and is about to be seen as ACTIVE: calls may get in. */
    default void activating(long bundleId) {
    }

    /**
     * The plugin of bundle {@code bundleId} is STOPPING and its {@code stop()}
     * runs when this returns: return once the calls in flight into the bundle
     * have left, at the latest at {@code deadlineNanos} ({@link System#nanoTime()}).
     */
    default void stopping(long bundleId, long deadlineNanos) {
    }

    /** Something the plugins' statuses show changed (a registration, a state); {@code plugins()} shows it now. */
    default void changed() {
    }
}
