package dev.keel.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The kernel's view of the plugins it runs, and the operator's controls.
 * Registered by the kernel; used by the shell, health checks and tools.
 */
@ProviderType
public interface PluginRuntime {

    /**
     * Every plugin the kernel knows, in start order (priority, then name).
     *
     * @return snapshots, never {@code null}
     */
    List<PluginStatus> plugins();

    /**
     * One plugin by name.
     *
     * @param name the plugin name
     * @return its snapshot (the first version when several are installed), or empty
     */
    Optional<PluginStatus> plugin(String name);

    /**
     * Starts a plugin that is STOPPED or FAILED (also clears an operator stop),
     * once its required plugins are ACTIVE, and waits for the outcome.
     *
     * @param name the plugin name
     * @return the plugin's state after the attempt
     * @throws IllegalArgumentException if no plugin has that name
     */
    PluginStatus start(String name);

    /**
     * Stops a plugin, after the plugins that require it. It stays stopped
     * until {@link #start(String)}; its dependents start again when it does.
     *
     * @param name the plugin name
     * @return the plugin's state afterwards
     * @throws IllegalArgumentException if no plugin has that name
     */
    PluginStatus stop(String name);
}
