package dev.keel.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A business module run by the Keel kernel.
 * <p>
 * A bundle registers a {@code Plugin} service (normally a Declarative Services
 * component annotated with {@link KeelPlugin}). The kernel calls
 * {@link #start()} once every plugin named in {@link KeelPlugin#requires()} is
 * {@link PluginState#ACTIVE ACTIVE}, in {@link KeelPlugin#priority() priority}
 * order, and {@link #stop()} before the plugin goes away: when its bundle is
 * stopped, updated or uninstalled, when a plugin it requires stops, or at
 * shutdown. Plugins that require this one are always stopped before it.
 */
@ConsumerType
public interface Plugin {

    /**
     * The plugin's name: unique among plugins, used by other plugins in
     * {@link KeelPlugin#requires()} and by the shell, for example
     * {@code payment}.
     *
     * @return the plugin name, never {@code null}
     */
    String name();

    /**
     * The plugin's version, for display and release control; normally the
     * bundle version.
     *
     * @return the version string, never {@code null}
     */
    String version();

    /**
     * Starts the plugin's work. Called by the kernel on its own thread, at
     * most once between two calls of {@link #stop()}. A plugin that throws, or
     * that does not return within the kernel's start timeout, is marked
     * {@link PluginState#FAILED FAILED} with the cause; nothing else is
     * harmed.
     *
     * @throws Exception when the plugin cannot start
     */
    void start() throws Exception;

    /**
     * Stops the plugin's work and releases what {@link #start()} acquired.
     * Called only after a successful {@link #start()}.
     *
     * @throws Exception when stopping failed; the plugin is still considered
     *         stopped
     */
    void stop() throws Exception;
}
