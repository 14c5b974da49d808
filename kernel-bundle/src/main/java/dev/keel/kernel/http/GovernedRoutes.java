package dev.keel.kernel.http;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.kernel.governance.ClientFault;
import dev.keel.kernel.governance.Governor;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Runs every request the HTTP entry dispatches to a plugin servlet through
 * the {@link Governor}: the plugin version's circuit breaker, the timeout,
 * injected faults and metrics per plugin, version, route and method. The
 * body is in memory already ({@link BodyReader}); a client that goes away
 * while the answer is written is the client's fault ({@link ClientFault}).
 */
@Component(service = RouteInterceptor.class)
public final class GovernedRoutes implements RouteInterceptor {

    private final Governor governor;

    @Activate
    public GovernedRoutes(@Reference Governor governor) {
        this.governor = governor;
    }

    @Override
    public void intercept(Candidate target, HttpServletRequest request, HttpServletResponse response,
            Invocation next) throws IOException, ServletException {
        try {
            governor.route(target.plugin().name(), target.plugin().version(), target.route().path,
                    request.getMethod(), () -> {
                        try {
                            next.proceed(request, response);
                        } catch (Exception | Error e) {
                            if (response instanceof ApiResponse r && r.clientGone()) {
                                throw new ClientFault(e); // not the plugin's failure
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
}
