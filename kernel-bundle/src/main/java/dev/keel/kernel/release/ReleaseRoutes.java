package dev.keel.kernel.release;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.kernel.http.Candidate;
import dev.keel.kernel.http.RouteInterceptor;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Keeps the request's routing key (sticky user, forced versions) for the
 * thread while a plugin servlet serves it, so the governed calls it makes
 * choose versions by the same key as the HTTP entry did.
 */
@Component(service = RouteInterceptor.class, property = "service.ranking:Integer=1000")
public final class ReleaseRoutes implements RouteInterceptor {

    private final Releases releases;

    @Activate
    public ReleaseRoutes(@Reference Releases releases) {
        this.releases = releases;
    }

    @Override
    public void intercept(Candidate target, HttpServletRequest request, HttpServletResponse response,
            Invocation next) throws IOException, ServletException {
        RoutingKey key = request.getAttribute(ReleaseRouteSelector.KEY_ATTRIBUTE) instanceof RoutingKey k ? k
                : releases.keyOf(request);
        if (key == RoutingKey.NONE) {
            // nothing to keep: a thread serves one request at a time and exit() left no key behind
            next.proceed(request, response);
            return;
        }
        releases.enter(key);
        try {
            next.proceed(request, response);
        } finally {
            releases.exit();
        }
    }
}
