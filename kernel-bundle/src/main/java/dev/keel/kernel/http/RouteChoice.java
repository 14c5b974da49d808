package dev.keel.kernel.http;

import java.util.List;

import dev.keel.api.http.ProblemException;
import dev.keel.kernel.deploy.Admittee;
import dev.keel.kernel.deploy.InFlight;
import dev.keel.kernel.deploy.LiveUpdate;
import jakarta.servlet.http.HttpServletRequest;

/**
 * One request to {@code /api/<plugin>/<path>} as live update's admission loop
 * sees it: the instance chosen by the {@link RouteSelector} among those with
 * a route for the path, the gate of its bundle, whether the plugin is coming
 * back, and the 404/503 problems when nothing serves it.
 */
final class RouteChoice implements Admittee<Candidate> {

    private final RouteTable routes;
    private final RouteSelector selector;
    private final LiveUpdate live;
    private final String plugin;
    private final String path;
    private final HttpServletRequest request;
    private PluginRoutes instances = PluginRoutes.NONE;
    private List<Candidate> candidates = List.of();

    RouteChoice(RouteTable routes, RouteSelector selector, LiveUpdate live, String plugin, String path,
            HttpServletRequest request) {
        this.routes = routes;
        this.selector = selector;
        this.live = live;
        this.plugin = plugin;
        this.path = path;
        this.request = request;
    }

    @Override
    public Candidate choose() {
        instances = routes.plugin(plugin);
        candidates = instances.candidates(path);
        return candidates.isEmpty() ? null : selector.choose(plugin, candidates, request).orElse(null);
    }

    @Override
    public InFlight gate(Candidate target) {
        InFlight gate = target.route().gate;
        return gate != null ? gate : live.gate(target.route().bundleId);
    }

    @Override
    public boolean comingBack(Candidate last) {
        if (candidates.isEmpty() && instances.anyActive()) {
            // an ACTIVE plugin without a route for the path: a 404 now, not a plugin to wait for -- unless its
            // routes went away with its bundle a moment ago and it started before them (an update)
            return routes.routesComingBack(instances) && live.comingBack(plugin);
        }
        return live.comingBack(plugin);
    }

    @Override
    public RuntimeException notBack(Candidate last, long holdTimeoutMs) {
        return new ProblemException(503, null, "Plugin " + plugin + " is " + state(last)
                + " and did not come back within " + holdTimeoutMs + " ms; try again later");
    }

    @Override
    public RuntimeException unavailable(Candidate last) {
        if (candidates.isEmpty()) {
            return new ProblemException(404, null, instances.known() ? "Plugin " + plugin + " has no route for " + path
                    : "No plugin named " + plugin);
        }
        return new ProblemException(503, null, "Plugin " + plugin + " is " + state(last) + "; try again later");
    }

    private String state(Candidate last) {
        if (last != null) {
            return last.plugin().state().toString();
        }
        return candidates.isEmpty() ? "not there" : candidates.get(0).plugin().state().toString();
    }
}
