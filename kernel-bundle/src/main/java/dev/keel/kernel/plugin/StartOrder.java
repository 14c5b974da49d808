package dev.keel.kernel.plugin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import dev.keel.api.PluginState;

/**
 * The rules of plugin ordering, free of threads and OSGi: which plugin starts
 * next, what a plugin still waits for, and which plugins must stop (and in
 * which order) when some stop.
 */
final class StartOrder {

    /** Start order: priority (lower first), then name, version, registration. */
    static final Comparator<ManagedPlugin> ORDER = Comparator
            .comparingInt((ManagedPlugin p) -> p.priority)
            .thenComparing(p -> p.name)
            .thenComparing(p -> p.version)
            .thenComparingLong(p -> p.serviceId);

    private StartOrder() {
    }

    /**
     * The required plugin names that have no ACTIVE plugin, in declaration
     * order, then what a preparation waits for (e.g. {@code storage}).
     */
    static List<String> waitingFor(ManagedPlugin plugin, Collection<ManagedPlugin> all) {
        return waitingFor(plugin, all, name -> false);
    }

    /**
     * As {@link #waitingFor(ManagedPlugin, Collection)}, where a required name
     * that {@code elsewhere} serves (an ACTIVE plugin on another node) counts as met.
     */
    static List<String> waitingFor(ManagedPlugin plugin, Collection<ManagedPlugin> all, Predicate<String> elsewhere) {
        List<String> missing = new ArrayList<>();
        for (String required : plugin.requires) {
            boolean active = all.stream()
                    .anyMatch(p -> p.name.equals(required) && p.state == PluginState.ACTIVE)
                    || elsewhere.test(required);
            if (!active) {
                missing.add(required);
            }
        }
        String blocked = plugin.blockedBy;
        if (blocked != null) {
            missing.add(blocked);
        }
        return missing;
    }

    /** The plugin to start next: it wants to run and every plugin it requires is ACTIVE. */
    static Optional<ManagedPlugin> next(Collection<ManagedPlugin> all) {
        return next(all, name -> false);
    }

    /** As {@link #next(Collection)}, with requirements met {@code elsewhere} too. */
    static Optional<ManagedPlugin> next(Collection<ManagedPlugin> all, Predicate<String> elsewhere) {
        return all.stream()
                .filter(ManagedPlugin::wantsToRun)
                .filter(p -> waitingFor(p, all, elsewhere).isEmpty())
                .min(ORDER);
    }

    /**
     * The plugins to stop when {@code targets} stop: the targets plus every
     * running plugin that requires, directly or not, a name that would have
     * no running provider left. Returned in stop order: dependents first
     * (reverse order of activation).
     */
    static List<ManagedPlugin> stopSet(Collection<ManagedPlugin> targets, Collection<ManagedPlugin> all) {
        Set<ManagedPlugin> stopping = new LinkedHashSet<>(targets);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (ManagedPlugin candidate : all) {
                if (stopping.contains(candidate) || !isRunning(candidate)) {
                    continue;
                }
                for (String required : candidate.requires) {
                    if (losesProvider(required, stopping, all)) {
                        stopping.add(candidate);
                        grew = true;
                        break;
                    }
                }
            }
        }
        List<ManagedPlugin> ordered = new ArrayList<>(stopping);
        ordered.sort(Comparator.comparingLong((ManagedPlugin p) -> p.activationSeq).reversed()
                .thenComparing(ORDER.reversed()));
        return ordered;
    }

    private static boolean isRunning(ManagedPlugin p) {
        return p.state == PluginState.ACTIVE || p.state == PluginState.STARTING;
    }

    private static boolean losesProvider(String name, Set<ManagedPlugin> stopping, Collection<ManagedPlugin> all) {
        boolean providedByStopping = stopping.stream().anyMatch(p -> p.name.equals(name));
        if (!providedByStopping) {
            return false;
        }
        return all.stream().noneMatch(p -> p.name.equals(name) && !stopping.contains(p)
                && p.state == PluginState.ACTIVE);
    }
}
