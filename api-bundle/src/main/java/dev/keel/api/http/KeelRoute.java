package dev.keel.api.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type for a plugin's servlet: the route below the
 * plugin's own prefix. A {@code jakarta.servlet.Servlet} service registered
 * by a plugin bundle with {@code @KeelRoute("/orders")} is served by the
 * kernel at {@code /api/<plugin>/orders} and every path below it. Plugins never
 * bind paths on the HTTP whiteboard themselves.
 *
 * <pre>
 * &#64;Component(service = Servlet.class)
 * &#64;KeelRoute("/orders")
 * public final class OrderServlet extends HttpServlet { ... }
 * </pre>
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface KeelRoute {

    /** The service property name: {@value}. */
    String ROUTE = "keel.route";

    /**
     * Optional service property beside {@code keel.route}: the media types the
     * route accepts as request bodies, e.g. {@code application/json}. The
     * kernel answers a POST, PUT or PATCH with a body of any other
     * {@code Content-Type} with 415 before the servlet runs.
     */
    String CONSUMES = "keel.route.consumes";

    /**
     * Optional service property beside {@code keel.route} ({@code String[]}):
     * the calls of the route anyone may make without a token, each
     * {@code "METHOD /path"} with the path below the plugin's prefix, exact or
     * ending in {@code /*} for everything below, e.g.
     * {@code "POST /users"} (registration) or {@code "POST /sessions"} (login).
     * Every other call of the route needs an authenticated caller: the default
     * is "authenticated". The kernel answers 401 before the servlet runs.
     */
    String PUBLIC = "keel.route.public";

    /**
     * Optional service property beside {@code keel.route} ({@code String[]}):
     * roles of which a caller needs at least one for every non-public call of
     * the route (implied roles count, see {@link dev.keel.api.security.Roles}).
     * Without it any authenticated caller may call. The kernel answers 403
     * before the servlet runs; object-level rules ("only your own orders") are
     * the servlet's, with the {@link dev.keel.api.security.Caller}.
     */
    String ROLES = "keel.route.roles";

    /**
     * Request attribute holding the request's id (also in the
     * {@code X-Request-Id} request header the servlet sees): {@value}.
     */
    String REQUEST_ID_ATTRIBUTE = "keel.request.id";

    /**
     * The route, starting with {@code /}, e.g. {@code /orders}.
     *
     * @return the route below {@code /api/<plugin>}
     */
    String value();
}
