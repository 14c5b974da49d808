package dev.keel.kernel.http;

import dev.keel.api.PluginStatus;

/**
 * One plugin instance that could serve a request: the plugin as the kernel
 * runs it, and its best-matching route.
 */
public record Candidate(PluginStatus plugin, Route route) {
}
