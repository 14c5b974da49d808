package dev.keel.kernel.http;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Wraps each call the kernel dispatches to a plugin servlet (governance's
 * seam: timeout, circuit breaker, metrics). Kernel-internal: components of the
 * kernel register them as services; the highest-ranked runs outermost. An
 * interceptor may answer itself (throw a {@code ProblemException}) instead of
 * proceeding.
 */
public interface RouteInterceptor {

    void intercept(Candidate target, HttpServletRequest request, HttpServletResponse response, Invocation next)
            throws IOException, ServletException;

    /** The rest of the chain, ending in the plugin servlet's {@code service}. */
    interface Invocation {
        void proceed(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException;
    }

    /**
     * The chain around {@code last}: the interceptors in ascending ranking
     * order (as DS lists them), so the last one, the highest ranked, runs outermost.
     */
    static Invocation chain(List<RouteInterceptor> interceptors, Candidate target, Invocation last) {
        Invocation call = last;
        for (RouteInterceptor interceptor : interceptors) {
            Invocation next = call;
            call = (rq, rs) -> interceptor.intercept(target, rq, rs, next);
        }
        return call;
    }
}
