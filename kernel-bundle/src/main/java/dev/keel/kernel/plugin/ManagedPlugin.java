package dev.keel.kernel.plugin;

import java.time.Instant;
import java.util.List;

import org.osgi.framework.Bundle;

import dev.keel.api.Plugin;
import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;

/**
 * One registered plugin service and what the kernel knows of it. Mutated only
 * on the lifecycle thread; fields are volatile so snapshots can be read from
 * any thread.
 */
final class ManagedPlugin {

    final long serviceId;
    final Plugin plugin;
    final String name;
    final String version;
    final long bundleId;
    final String bundleSymbolicName;
    final String bundleLocation;
    /** The plugin's bundle, for {@link PluginPreparation}s; null in unit tests of the ordering rules. */
    volatile Bundle bundle;
    volatile int priority;
    volatile List<String> requires;

    volatile PluginState state = PluginState.NEW;
    volatile Instant startedAt;
    /** Order in which plugins became ACTIVE; dependents always have a higher number. */
    volatile long activationSeq;
    volatile String failure;
    /** What a {@link PluginPreparation} still waits for before this plugin may start; null when nothing. */
    volatile String blockedBy;
    /** Stopped by an operator: not started again until asked. */
    volatile boolean held;
    /** FAILED, but an operator asked to try again. */
    volatile boolean retry;
    /** Its bundle is stopping (update, refresh, uninstall): not started again on this registration. */
    volatile boolean leaving;

    ManagedPlugin(long serviceId, Plugin plugin, String name, String version, long bundleId,
            String bundleSymbolicName, String bundleLocation, int priority, List<String> requires) {
        this.serviceId = serviceId;
        this.plugin = plugin;
        this.name = name;
        this.version = version;
        this.bundleId = bundleId;
        this.bundleSymbolicName = bundleSymbolicName;
        this.bundleLocation = bundleLocation;
        this.priority = priority;
        this.requires = List.copyOf(requires);
    }

    /** Whether the kernel may start this plugin once its requirements are ACTIVE. */
    boolean wantsToRun() {
        if (leaving) {
            return false;
        }
        return switch (state) {
            case NEW, STOPPED -> !held;
            case FAILED -> retry && !held;
            default -> false;
        };
    }

    PluginInstance instance() {
        return new PluginInstance(name, bundleId, state, held, retry, leaving, requires);
    }

    PluginStatus snapshot(List<String> waitingFor) {
        return new PluginStatus(name, version, bundleId, bundleLocation, priority, requires, state,
                startedAt, waitingFor, failure);
    }

    /** The file the plugin's bundle came from (its name only), or its location when not a file. */
    String source() {
        String location = bundleLocation == null ? "" : bundleLocation;
        if (location.startsWith("file:")) {
            int slash = location.lastIndexOf('/');
            return location.substring(slash + 1);
        }
        return location;
    }

    @Override
    public String toString() {
        return name + " " + version + " (bundle " + bundleId + ")";
    }
}
