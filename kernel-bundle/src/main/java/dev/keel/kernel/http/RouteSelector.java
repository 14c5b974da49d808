package dev.keel.kernel.http;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Chooses which instance of a plugin serves a request, when several versions
 * of it are installed (the release policy's seam). Kernel-internal (public for
 * {@code dev.keel.kernel.release}): a component of the kernel registers one as a service to replace the default
 * ({@link HighestActiveVersion}); the highest-ranked one wins.
 */
public interface RouteSelector {

    /**
     * @param plugin the plugin name from the path
     * @param candidates every instance of that plugin with a route for the path, in any state
     * @param request the request (headers, cookies for stickiness)
     * @return the chosen instance, which must be ACTIVE; empty when none may serve now (503)
     */
    Optional<Candidate> choose(String plugin, List<Candidate> candidates, HttpServletRequest request);
}
