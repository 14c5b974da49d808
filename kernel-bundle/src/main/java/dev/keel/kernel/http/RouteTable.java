package dev.keel.kernel.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
import dev.keel.kernel.governance.Holds;
import jakarta.servlet.Servlet;

/**
 * Tracks every {@code Servlet} service with {@code keel.route} (whiteboard)
 * and finds, per request, which plugin instances have a route for a path. The
 * plugin a servlet belongs to is looked up per request by bundle id, so the
 * plugin and its servlet may register in either order.
 */
@Component(service = RouteTable.class)
public final class RouteTable {

    private final Logger log;
    private final Holds holds;
    private final Map<Long, Route> routes = new ConcurrentHashMap<>();

    @Activate
    public RouteTable(@Reference(service = LoggerFactory.class) Logger log, @Reference Holds holds) {
        this.log = log;
        this.holds = holds;
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
        routes.put(route.serviceId, route);
        holds.admit(route.bundleId);
        log.info("route {} of bundle {} [{}] registered", route.path, route.bundleName, route.bundleId);
    }

    void updatedRoute(ServiceReference<Servlet> ref, Servlet servlet) {
        Route old = routes.get((Long) ref.getProperty(Constants.SERVICE_ID));
        Route fresh = Route.of(ref, servlet);
        if (old != null && fresh != null && old.sameAs(fresh)) {
            // only other properties changed (e.g. the component's configuration): keep serving, no re-init
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
            holds.goingAway(bundle.getBundleId());
        }
        Route gone = routes.remove((Long) ref.getProperty(Constants.SERVICE_ID));
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
     * Every instance of the plugin named {@code plugin} that has a route for
     * {@code path}, each with its longest matching route.
     *
     * @param plugins the plugins as the kernel runs them now
     */
    List<Candidate> candidates(String plugin, String path, List<PluginStatus> plugins) {
        List<Candidate> out = new ArrayList<>();
        for (PluginStatus p : plugins) {
            if (!p.name().equals(plugin)) {
                continue;
            }
            Route best = null;
            for (Route r : routes.values()) {
                if (r.bundleId == p.bundleId() && RoutePath.matches(r.path, path)
                        && (best == null || r.path.length() > best.path.length()
                                || (r.path.length() == best.path.length() && r.serviceId < best.serviceId))) {
                    best = r;
                }
            }
            if (best != null) {
                out.add(new Candidate(p, best));
            }
        }
        return out;
    }
}
