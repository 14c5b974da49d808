package dev.keel.kernel.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.dto.ServletContextDTO;
import org.osgi.service.servlet.runtime.dto.ServletDTO;

import dev.keel.api.PluginStatus;
import dev.keel.api.http.KeelRoute;
import dev.keel.kernel.observe.ReadinessCheck;
import jakarta.servlet.Servlet;

/**
 * Readiness: every required plugin's routes answer. The HTTP entry
 * ({@code /api/*}) is registered with the HTTP server, and each route an
 * ACTIVE instance declares (a DS component offering {@code Servlet} with
 * {@code keel.route}) is in the {@link RouteTable}. A plugin's servlet often
 * waits for more than its plugin does (a store, a DataSource), so ACTIVE alone
 * does not mean its routes answer.
 */
@Component
public final class RoutesCheck implements ReadinessCheck {

    private static final String ENTRY = ApiServlet.PREFIX + "/*";

    private final BundleContext context;
    private final RouteTable routes;
    private final ServiceComponentRuntime scr;
    private final HttpServiceRuntime http;

    @Activate
    public RoutesCheck(BundleContext context, @Reference RouteTable routes, @Reference ServiceComponentRuntime scr,
            @Reference HttpServiceRuntime http) {
        this.context = context;
        this.routes = routes;
        this.scr = scr;
        this.http = http;
    }

    @Override
    public String name() {
        return "routes";
    }

    @Override
    public Result check(Scope scope) {
        List<Part> failing = new ArrayList<>();
        if (!entryRegistered()) {
            failing.add(new Part("route", ENTRY, "the HTTP entry is not registered with the HTTP server yet", true));
        }
        for (PluginStatus p : scope.activeRequired()) {
            Bundle b = context.getBundle(p.bundleId());
            if (b == null) {
                continue;
            }
            Set<String> registered = routes.paths(p.bundleId());
            for (Declared d : declaredRoutes(b)) {
                if (!registered.contains(d.route())) {
                    failing.add(new Part("route", p.name() + " " + d.route(), p.version() + ": route " + d.route()
                            + (d.failed() ? " is not registered: its component failed to activate"
                                    : " is not registered yet"), !d.failed()));
                }
            }
        }
        return Result.of(failing);
    }

    private boolean entryRegistered() {
        for (ServletContextDTO c : http.getRuntimeDTO().servletContextDTOs) {
            for (ServletDTO s : c.servletDTOs) {
                if (s.patterns != null && List.of(s.patterns).contains(ENTRY)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A route a bundle declares; {@code failed}: its component failed to activate (waiting will not help). */
    private record Declared(String route, boolean failed) {
    }

    /** The routes of the bundle's enabled servlet components (not those waiting for a configuration nobody gave). */
    private List<Declared> declaredRoutes(Bundle b) {
        List<Declared> out = new ArrayList<>();
        if (b.getHeaders("").get("Service-Component") == null) {
            return out;
        }
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
            String route = RoutePath.normalize(d.properties == null ? null : d.properties.get(KeelRoute.ROUTE));
            if (route == null || d.serviceInterfaces == null
                    || !List.of(d.serviceInterfaces).contains(Servlet.class.getName()) || !scr.isComponentEnabled(d)) {
                continue;
            }
            var configurations = scr.getComponentConfigurationDTOs(d);
            if (configurations.isEmpty() && "require".equals(d.configurationPolicy)) {
                continue;
            }
            out.add(new Declared(route, !configurations.isEmpty() && configurations.stream()
                    .allMatch(c -> c.state == ComponentConfigurationDTO.FAILED_ACTIVATION)));
        }
        return out;
    }
}
