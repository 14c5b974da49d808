package dev.keel.kernel.deploy;

import java.util.List;
import java.util.function.Function;

import dev.keel.api.PluginState;
import dev.keel.kernel.plugin.PluginInstance;

/**
 * The rule that decides whether a call for a plugin that finds no ACTIVE
 * instance should wait for one: an instance of it is ACTIVE, starting,
 * stopping because its bundle is updated or refreshed, or stopped only until
 * a required plugin that is itself coming back returns; or its last instance
 * went away within the hold window (a bundle update). Not when an operator
 * stopped it, or it FAILED (unless an operator asked to retry it).
 */
final class ComingBack {

    /** How deep a chain of required plugins is followed. */
    private static final int DEPTH = 8;

    private ComingBack() {
    }

    /**
     * @param all every registered plugin instance
     * @param vanished when a plugin name's last registration went away ({@link System#nanoTime()}), or null
     * @param windowNanos how long after that a call for it is still held
     */
    static boolean of(String name, List<PluginInstance> all, Function<String, Long> vanished, long windowNanos,
            long now) {
        return of(name, all, vanished, windowNanos, now, 0);
    }

    private static boolean of(String name, List<PluginInstance> all, Function<String, Long> vanished,
            long windowNanos, long now, int depth) {
        boolean known = false;
        for (PluginInstance p : all) {
            if (!p.name().equals(name)) {
                continue;
            }
            known = true;
            if (p.leaving()) {
                return true;
            }
            switch (p.state()) {
                case NEW, STARTING, ACTIVE, STOPPING -> {
                    return !p.stoppedByOperator() || p.state() == PluginState.ACTIVE;
                }
                case STOPPED -> {
                    if (!p.stoppedByOperator() && depth < DEPTH && p.requires().stream()
                            .allMatch(r -> of(r, all, vanished, windowNanos, now, depth + 1))) {
                        return true;
                    }
                }
                case FAILED -> {
                    if (p.retryAsked() && !p.stoppedByOperator()) {
                        return true;
                    }
                }
                default -> {
                }
            }
        }
        if (known) {
            return false;
        }
        Long at = vanished.apply(name);
        return at != null && now - at < windowNanos;
    }
}
