package dev.keel.kernel.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongPredicate;

import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;

/**
 * One plugin's instances (every version the kernel runs, in install order)
 * and each instance's routes, longest path first: what the HTTP entry looks
 * up per request. Immutable; {@link RouteTable} builds a new one when a
 * plugin's state or a route changes, so a request allocates nothing here
 * while the plugin runs one version.
 */
final class PluginRoutes {

    static final PluginRoutes NONE = new PluginRoutes(List.of(), List.of());

    /** Longest path first, then the first registered: the first that matches is the best route. */
    private static final Comparator<Route> BEST_FIRST = Comparator.comparingInt((Route r) -> -r.path.length())
            .thenComparingLong(r -> r.serviceId);

    private final Instance[] instances;
    private final boolean anyActive;

    /** One instance and its candidates, each also as a one-element list (what a request gets back). */
    private record Instance(long bundleId, boolean active, Candidate[] routes, List<List<Candidate>> singles) {
    }

    /**
     * @param statuses the instances of one plugin
     * @param routes every route of the kernel (only those of the instances' bundles are kept)
     */
    PluginRoutes(List<PluginStatus> statuses, Collection<Route> routes) {
        List<PluginStatus> ordered = new ArrayList<>(statuses);
        ordered.sort(Comparator.comparingLong(PluginStatus::bundleId));
        this.instances = new Instance[ordered.size()];
        boolean active = false;
        for (int i = 0; i < instances.length; i++) {
            PluginStatus p = ordered.get(i);
            active |= p.state() == PluginState.ACTIVE;
            List<Route> mine = new ArrayList<>();
            for (Route r : routes) {
                if (r.bundleId == p.bundleId()) {
                    mine.add(r);
                }
            }
            mine.sort(BEST_FIRST);
            Candidate[] candidates = new Candidate[mine.size()];
            List<List<Candidate>> singles = new ArrayList<>(mine.size());
            for (int k = 0; k < candidates.length; k++) {
                candidates[k] = new Candidate(p, mine.get(k));
                singles.add(List.of(candidates[k]));
            }
            instances[i] = new Instance(p.bundleId(), p.state() == PluginState.ACTIVE, candidates,
                    List.copyOf(singles));
        }
        this.anyActive = active;
    }

    /** Whether the kernel runs the plugin at all (in any state). */
    boolean known() {
        return instances.length > 0;
    }

    /** Whether an instance of the plugin is ACTIVE. */
    boolean anyActive() {
        return anyActive;
    }

    /** Whether an ACTIVE instance has no route at all and its bundle is one of {@code routesAway}. */
    boolean activeWithoutRoutes(LongPredicate routesAway) {
        for (Instance instance : instances) {
            if (instance.active && instance.routes.length == 0 && routesAway.test(instance.bundleId)) {
                return true;
            }
        }
        return false;
    }

    /** Every instance with a route for {@code path}, each with its best route, in install order. */
    List<Candidate> candidates(String path) {
        if (instances.length == 1) {
            Instance only = instances[0];
            for (int k = 0; k < only.routes.length; k++) {
                if (RoutePath.matches(only.routes[k].route().path, path)) {
                    return only.singles.get(k);
                }
            }
            return List.of();
        }
        List<Candidate> out = new ArrayList<>(instances.length);
        for (Instance instance : instances) {
            for (Candidate c : instance.routes) {
                if (RoutePath.matches(c.route().path, path)) {
                    out.add(c);
                    break;
                }
            }
        }
        return out;
    }
}
