package dev.keel.kernel.release;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.api.PluginState;
import dev.keel.kernel.http.Candidate;
import dev.keel.kernel.http.RouteSelector;
import jakarta.servlet.http.HttpServletRequest;

/** Version choice of the HTTP entry by the release policy (replaces the entry's default). */
@Component(service = RouteSelector.class)
public final class ReleaseRouteSelector implements RouteSelector {

    /** Request attribute holding the request's {@link RoutingKey}, for the interceptor. */
    static final String KEY_ATTRIBUTE = RoutingKey.class.getName();

    private final Releases releases;

    @Activate
    public ReleaseRouteSelector(@Reference Releases releases) {
        this.releases = releases;
    }

    @Override
    public Optional<Candidate> choose(String plugin, List<Candidate> candidates, HttpServletRequest request) {
        RoutingKey key = releases.keyOf(request);
        request.setAttribute(KEY_ATTRIBUTE, key);
        Candidate only = null;
        int active = 0;
        for (Candidate c : candidates) {
            if (c.plugin().state() == PluginState.ACTIVE) {
                only = c;
                active++;
            }
        }
        if (active <= 1) {
            return Optional.ofNullable(only); // one version may serve: nothing to choose, nothing allocated
        }
        List<Candidate> ordered = candidates.stream().filter(c -> c.plugin().state() == PluginState.ACTIVE)
                .sorted(Comparator.comparingLong(c -> c.plugin().bundleId())).toList();
        return releases.choose(plugin, ordered.stream().map(c -> c.plugin().version()).toList(), key)
                .flatMap(v -> ordered.stream().filter(c -> c.plugin().version().equals(v)).findFirst());
    }
}
