package dev.keel.kernel.http;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.Version;

import dev.keel.api.PluginState;
import jakarta.servlet.http.HttpServletRequest;

/** The default {@link RouteSelector}: the ACTIVE instance with the highest version (then the newest bundle). */
final class HighestActiveVersion implements RouteSelector {

    static final Comparator<Candidate> ORDER = Comparator
            .comparing((Candidate c) -> version(c.plugin().version()))
            .thenComparingLong(c -> c.plugin().bundleId());

    @Override
    public Optional<Candidate> choose(String plugin, List<Candidate> candidates, HttpServletRequest request) {
        Candidate best = null;
        for (Candidate c : candidates) {
            if (c.plugin().state() == PluginState.ACTIVE && (best == null || ORDER.compare(c, best) > 0)) {
                best = c;
            }
        }
        return Optional.ofNullable(best);
    }

    static Version version(String v) {
        try {
            return Version.parseVersion(v);
        } catch (IllegalArgumentException e) {
            return Version.emptyVersion;
        }
    }
}
