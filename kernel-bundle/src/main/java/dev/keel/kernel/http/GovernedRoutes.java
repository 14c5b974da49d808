package dev.keel.kernel.http;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.api.http.ProblemException;
import dev.keel.kernel.governance.ClientFault;
import dev.keel.kernel.governance.Governor;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Runs every request the HTTP entry dispatches to a plugin servlet through
 * the {@link Governor}: the plugin version's circuit breaker, the timeout,
 * injected faults and metrics per plugin, version, route and method. A
 * request that fails because of its caller is the caller's fault, never the
 * plugin version's (no breaker, no canary error): refused before it is routed
 * (401, 403), the plugin's own problem answer (400, 403, 404, ...), a body
 * larger than allowed (413), a client that went away while it was served.
 * The body is in memory already ({@link BodyReader}); a client that goes
 * away while the answer is written is a {@link ClientFault}: neither a success
 * nor a failure of the plugin version.
 */
@Component(service = RouteInterceptor.class)
public final class GovernedRoutes implements RouteInterceptor {

    private final Governor governor;

    /** A route's governed site for one method and plugin version, as this component looked it up. */
    record Kept(GovernedRoutes owner, String version, String method, Governor.Site site) {
    }

    @Activate
    public GovernedRoutes(@Reference Governor governor) {
        this.governor = governor;
    }

    @Override
    public void intercept(Candidate target, HttpServletRequest request, HttpServletResponse response,
            Invocation next) throws IOException, ServletException {
        try {
            governor.call(site(target, request.getMethod()), () -> {
                try {
                    next.proceed(request, response);
                } catch (Exception | Error e) {
                    if (response instanceof ApiResponse r && r.clientGone()) {
                        throw new ClientFault(e); // not the plugin's failure
                    }
                    if (e instanceof IOException io) {
                        throw clientFault(io);
                    }
                    throw e;
                }
                return null;
            });
        } catch (IOException | ServletException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new ServletException(e);
        }
    }

    /** The route's site, looked up only when its method or version is not the one kept on the route. */
    private Governor.Site site(Candidate target, String method) {
        Route route = target.route();
        String version = target.plugin().version();
        Kept k = route.governed;
        if (k == null || k.owner != this || !k.method.equals(method) || !k.version.equals(version)) {
            k = new Kept(this, version, method, governor.routeSite(target.plugin().name(), version, route.path, method));
            route.governed = k;
        }
        return k.site;
    }

    /** A client's fault as the problem answer it gets (counted as served), anything else unchanged. */
    static IOException clientFault(IOException e) throws ProblemException {
        if (e instanceof LimitedInputStream.TooLargeException) {
            ProblemException p = new ProblemException(413, null, e.getMessage());
            p.initCause(e);
            throw p;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getName().equals("org.eclipse.jetty.io.EofException")) {
                ProblemException p = new ProblemException(400, null, "the client closed the connection");
                p.initCause(e);
                throw p;
            }
        }
        return e;
    }
}
