package dev.keel.kernel.plugin;

/**
 * Kernel-internal seam: plugins that other nodes of a cluster run. A plugin
 * that requires a name served only elsewhere may start (its calls go to the
 * remote provider through the governed proxy); the cluster tells the
 * lifecycle to look again ({@link PluginLifecycle#reconsider()}) when what it
 * serves changes.
 */
public interface RemotePlugins {

    /** Whether another node runs an ACTIVE plugin of this name whose contracts this node can call. */
    boolean serves(String name);
}
