package dev.keel.kernel.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import dev.keel.api.PluginStatus;
import dev.keel.api.http.KeelRoute;
import dev.keel.api.PluginRuntime;
import dev.keel.kernel.deploy.LiveUpdate;
import jakarta.servlet.Servlet;

/**
 * Tracks every {@code Servlet} service with {@code keel.route} (whiteboard)
 * and answers, per request, which instances of a plugin have a route for a
 * path. The plugin a servlet belongs to is matched by bundle id, so the plugin
 * and its servlet may register in either order. The answer comes from a
 * table per plugin name built again only when a route or a plugin's state
 * changes (live update's change generation), never per request.
 */
@Component(service = RouteTable.class)
public final class RouteTable {

    private final Logger log;
    private final LiveUpdate live;
    private final PluginRuntime runtime;
    private final Map<Long, Route> routes = new ConcurrentHashMap<>();
    private final AtomicLong routeChanges = new AtomicLong();
    /** Bundles whose routes went away while the bundle was stopping (update, refresh), since when (nanoTime). */
    private final Map<Long, Long> routesAway = new ConcurrentHashMap<>();
    private volatile Table table = new Table(Long.MIN_VALUE, -1, Map.of());

    /** The routes by plugin name, as of a change generation and a count of route changes. */
    private record Table(long generation, long routeChanges, Map<String, PluginRoutes> byName) {
    }

    @Activate
    public RouteTable(@Reference(service = LoggerFactory.class) Logger log, @Reference LiveUpdate live,
            @Reference PluginRuntime runtime) {
        this.log = log;
        this.live = live;
        this.runtime = runtime;
    }

    @Reference(service = Servlet.class, target = "(" + KeelRoute.ROUTE + "=*)",
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addRoute(ServiceReference<Servlet> ref, Servlet servlet) {
        Route route = Route.of(ref, servlet);
        if (route == null) {
            log.error("servlet service {} of bundle {}: keel.route = {} is not a usable route (like /orders); ignored",
                    ref.getProperty(Constants.SERVICE_ID), ref.getBundle().getSymbolicName(),
                    ref.getProperty(KeelRoute.ROUTE));
            return;
        }
        route.gate = live.gate(route.bundleId);
        routes.put(route.serviceId, route);
        routeChanges.incrementAndGet();
        live.registeredAgain(route.bundleId);
        // only after the change is signalled: a request that chose before the route was there and then finds the
        // mark gone also finds the generation changed, and chooses again rather than answering 404
        routesAway.remove(route.bundleId);
        log.info("route {} of bundle {} [{}] registered", route.path, route.bundleName, route.bundleId);
    }

    void updatedRoute(ServiceReference<Servlet> ref, Servlet servlet) {
        Route old = routes.get((Long) ref.getProperty(Constants.SERVICE_ID));
        Route fresh = Route.of(ref, servlet);
        if (old != null && fresh != null && old.sameAs(fresh)) {
            // only other properties changed (e.g. the component's configuration or the route's policy): keep
            // serving, no re-init
            old.policy = fresh.policy;
            return;
        }
        removeRoute(ref);
        addRoute(ref, servlet);
    }

    void removeRoute(ServiceReference<Servlet> ref) {
        org.osgi.framework.Bundle bundle = ref.getBundle();
        if (bundle != null && bundle.getState() == org.osgi.framework.Bundle.STOPPING) {
            // the plugin's bundle is stopping (update, refresh): its plugin stops once the requests in flight
            // have finished, and new requests are held until it is back
            live.goingAway(bundle.getBundleId());
            long now = System.nanoTime();
            long window = TimeUnit.MILLISECONDS.toNanos(live.holdTimeoutMs());
            routesAway.values().removeIf(since -> now - since >= window);
            routesAway.put(bundle.getBundleId(), now);
        }
        Route gone = routes.remove((Long) ref.getProperty(Constants.SERVICE_ID));
        routeChanges.incrementAndGet();
        if (gone != null) {
            destroy(gone);
            log.info("route {} of bundle {} [{}] removed", gone.path, gone.bundleName, gone.bundleId);
        }
    }

    @Deactivate
    void deactivate() {
        routes.values().forEach(this::destroy);
        routes.clear();
    }

    private void destroy(Route route) {
        try {
            route.destroy();
        } catch (RuntimeException e) {
            log.warn("route {}: destroy() threw {}", route, e.toString(), e);
        }
    }

    /** The paths of the routes a bundle has registered now (for readiness). */
    Set<String> paths(long bundleId) {
        Set<String> out = new HashSet<>();
        for (Route r : routes.values()) {
            if (r.bundleId == bundleId) {
                out.add(r.path);
            }
        }
        return out;
    }

    /**
     * Whether the routes of an ACTIVE instance of the plugin went away with its
     * bundle less than {@code hold.timeout.ms} ago and have not registered
     * again: its plugin started before its servlets (an update), so a request
     * is held for them rather than answered 404.
     */
    boolean routesComingBack(PluginRoutes plugin) {
        long now = System.nanoTime();
        long window = TimeUnit.MILLISECONDS.toNanos(live.holdTimeoutMs());
        return plugin.activeWithoutRoutes(id -> {
            Long since = routesAway.get(id);
            return since != null && now - since < window;
        });
    }

    /** How many bundles are remembered as having had their routes go away (for tests). */
    int bundlesAway() {
        return routesAway.size();
    }

    /** The instances of plugin {@code name} and their routes, as the kernel runs them now. */
    PluginRoutes plugin(String name) {
        Table t = table;
        long generation = live.generation();
        long changes = routeChanges.get();
        if (t.generation != generation || t.routeChanges != changes) {
            t = build(generation, changes);
        }
        PluginRoutes p = t.byName.get(name);
        return p == null ? PluginRoutes.NONE : p;
    }

    /** Builds the table; the stamps are read before the states, so a change meanwhile makes the next look build again. */
    private Table build(long generation, long changes) {
        // a plugin change (an uninstall among them) also forgets the bundles whose routes went away longer ago
        // than requests are held for them: the map never keeps a bundle that is gone
        long now = System.nanoTime();
        long window = TimeUnit.MILLISECONDS.toNanos(live.holdTimeoutMs());
        routesAway.values().removeIf(since -> now - since >= window);
        Map<String, List<PluginStatus>> byName = new HashMap<>();
        for (PluginStatus p : runtime.plugins()) {
            byName.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(p);
        }
        List<Route> all = List.copyOf(routes.values());
        Map<String, PluginRoutes> out = new HashMap<>();
        byName.forEach((name, instances) -> out.put(name, new PluginRoutes(instances, all)));
        Table t = new Table(generation, changes, Map.copyOf(out));
        table = t;
        return t;
    }
}
