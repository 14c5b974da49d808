package dev.keel.kernel.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import dev.keel.api.http.KeelRoute;
import dev.keel.api.http.ProblemException;
import dev.keel.kernel.deploy.InFlight;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

/**
 * One plugin servlet registered with {@code keel.route}: where it is served,
 * which bundle registered it, and its servlet's {@code init}/{@code destroy},
 * which the kernel calls (init lazily, on the first request it serves).
 */
final class Route {

    /** Service properties {@code servlet.init.<name>} become the servlet's init parameters (as on the whiteboard). */
    static final String INIT_PREFIX = "servlet.init.";

    final long serviceId;
    final long bundleId;
    final String bundleName;
    final String path;
    final List<String> consumes;
    final Servlet servlet;
    private final Map<String, String> initParameters;
    /** Who may call it ({@code keel.route.public}, {@code keel.route.roles}); replaced when those properties change. */
    volatile RoutePolicy policy = RoutePolicy.AUTHENTICATED;
    /** The gate of calls into the route's bundle, set by the {@link RouteTable} before the route serves. */
    volatile InFlight gate;
    /** The governed site of the method and version last served, kept by {@link GovernedRoutes}. */
    volatile GovernedRoutes.Kept governed;
    private volatile boolean initialized;
    private boolean destroyed;

    Route(long serviceId, long bundleId, String bundleName, String path, List<String> consumes, Servlet servlet,
            Map<String, String> initParameters) {
        this.serviceId = serviceId;
        this.bundleId = bundleId;
        this.bundleName = bundleName;
        this.path = path;
        this.consumes = List.copyOf(consumes);
        this.servlet = servlet;
        this.initParameters = Map.copyOf(initParameters);
    }

    /** The route of a servlet service, or {@code null} when its {@code keel.route} is unusable. */
    static Route of(ServiceReference<?> ref, Servlet servlet) {
        String path = RoutePath.normalize(ref.getProperty(KeelRoute.ROUTE));
        if (path == null) {
            return null;
        }
        Map<String, String> init = new LinkedHashMap<>();
        for (String key : ref.getPropertyKeys()) {
            if (key.startsWith(INIT_PREFIX)) {
                init.put(key.substring(INIT_PREFIX.length()), String.valueOf(ref.getProperty(key)));
            }
        }
        Route route = new Route((Long) ref.getProperty(Constants.SERVICE_ID), ref.getBundle().getBundleId(),
                ref.getBundle().getSymbolicName(), path, mediaTypes(ref.getProperty(KeelRoute.CONSUMES)), servlet,
                init);
        route.policy = RoutePolicy.of(ref.getProperty(KeelRoute.PUBLIC), ref.getProperty(KeelRoute.ROLES));
        return route;
    }

    static List<String> mediaTypes(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String[] a) {
            for (String s : a) {
                addTypes(out, s);
            }
        } else if (value instanceof Iterable<?> it) {
            it.forEach(s -> addTypes(out, String.valueOf(s)));
        } else if (value != null) {
            addTypes(out, value.toString());
        }
        return out;
    }

    private static void addTypes(List<String> out, String types) {
        for (String t : types.split(",")) {
            if (!t.isBlank()) {
                out.add(t.trim().toLowerCase(Locale.ROOT));
            }
        }
    }

    /**
     * Whether a request body of {@code contentType} is acceptable: any when the
     * route names no types; else its media type (parameters ignored) is one of
     * them, {@code type/*} matches a whole type, and {@code application/json}
     * also accepts {@code application/<x>+json}.
     */
    boolean accepts(String contentType) {
        if (consumes.isEmpty()) {
            return true;
        }
        if (contentType == null) {
            return false;
        }
        String media = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        for (String c : consumes) {
            if (c.equals(media) || (c.endsWith("/*") && media.startsWith(c.substring(0, c.length() - 1)))
                    || (c.equals("application/json") && media.startsWith("application/") && media.endsWith("+json"))) {
                return true;
            }
        }
        return false;
    }

    /** Calls the servlet's {@code init} once, before the first request it serves. */
    void ensureInitialized(ServletContext context) throws ServletException {
        if (!initialized) {
            initialize(context);
        }
    }

    private synchronized void initialize(ServletContext context) throws ServletException {
        if (initialized) {
            return;
        }
        if (destroyed) {
            throw new ProblemException(503, null, "The plugin's route " + path + " is going away; try again later");
        }
        servlet.init(new Config(context));
        initialized = true;
    }

    /** Calls the servlet's {@code destroy} if it was initialized; the route serves no more. */
    synchronized void destroy() {
        destroyed = true;
        if (initialized) {
            initialized = false;
            servlet.destroy();
        }
    }

    /** Whether {@code other} serves the same servlet the same way (only other service properties changed). */
    boolean sameAs(Route other) {
        return servlet == other.servlet && path.equals(other.path) && consumes.equals(other.consumes)
                && initParameters.equals(other.initParameters);
    }

    String servletName() {
        return "keel:" + bundleName + ":" + path;
    }

    @Override
    public String toString() {
        return bundleName + " [" + bundleId + "] " + path;
    }

    private final class Config implements ServletConfig {
        private final ServletContext context;

        Config(ServletContext context) {
            this.context = context;
        }

        @Override
        public String getServletName() {
            return servletName();
        }

        @Override
        public ServletContext getServletContext() {
            return context;
        }

        @Override
        public String getInitParameter(String name) {
            return initParameters.get(name);
        }

        @Override
        public Enumeration<String> getInitParameterNames() {
            return Collections.enumeration(initParameters.keySet());
        }
    }
}
