package dev.keel.kernel.plugin;

import java.util.List;

import dev.keel.api.PluginState;

/**
 * What the lifecycle knows of one plugin service beyond its
 * {@link dev.keel.api.PluginStatus}: whether an operator stopped it, asked to
 * retry it, or its bundle is leaving. Read by live update to decide whether a
 * call for it is worth holding.
 *
 * @param stoppedByOperator stopped with {@code keel:stop}: not started again until asked
 * @param retryAsked FAILED, and an operator asked to try again
 * @param leaving its bundle is stopping (update, refresh, uninstall): not started again on this registration
 */
public record PluginInstance(String name, long bundleId, PluginState state, boolean stoppedByOperator,
        boolean retryAsked, boolean leaving, List<String> requires) {
}
