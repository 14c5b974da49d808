package dev.keel.kernel.plugin;

import java.util.List;

import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;

/** What a set of plugin states says as a whole. */
public final class PluginStates {

    private PluginStates() {
    }

    /** Some plugin is about to change state on its own (starting, stopping, or new and waiting for nothing). */
    public static boolean transitional(List<PluginStatus> plugins) {
        return plugins.stream().anyMatch(p -> p.state() == PluginState.STARTING || p.state() == PluginState.STOPPING
                || (p.state() == PluginState.NEW && p.waitingFor().isEmpty()));
    }
}
