package dev.keel.kernel.plugin;

import org.osgi.framework.Bundle;

/**
 * Kernel-internal seam: work that must happen before a plugin's
 * {@code start()} runs (the storage extender applies the plugin's SQL
 * migrations). {@link PluginManager} asks every registered preparation, on
 * the plugin's worker thread and inside the start timeout.
 */
public interface PluginPreparation {

    /**
     * Why the plugin in {@code bundle} cannot be prepared yet, e.g.
     * {@code "storage"}; {@code null} when it can. The plugin stays NEW (or
     * STOPPED) and lists this under "waiting for" until the preparation tells
     * the manager to look again ({@link PluginLifecycle#reconsider()}).
     */
    default String notReady(Bundle bundle) {
        return null;
    }

    /**
     * Prepares the plugin; called before every start of it. An exception
     * makes the plugin FAILED, with the exception's message (first line) as
     * the failure, and {@code start()} is not called.
     */
    void prepare(Bundle bundle, String pluginName, String pluginVersion) throws Exception;
}
