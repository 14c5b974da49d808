package dev.keel.kernel.release;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.kernel.governance.Provider;
import dev.keel.kernel.governance.ProviderSelector;

/**
 * Version choice of governed calls by the release policy, with the routing
 * key of the HTTP request the calling thread serves (replaces governance's
 * default, which ranks lower).
 */
@Component(service = ProviderSelector.class, property = "service.ranking:Integer=0")
public final class ReleaseProviderSelector implements ProviderSelector {

    private final Releases releases;

    @Activate
    public ReleaseProviderSelector(@Reference Releases releases) {
        this.releases = releases;
    }

    @Override
    public Provider select(String contract, Provider[] candidates) {
        Provider first = null;
        for (Provider p : candidates) {
            if (p.active()) {
                first = p;
                break;
            }
        }
        if (first == null) {
            return null;
        }
        // the highest-ranked active provider's plugin serves; the release policy picks its version
        String plugin = first.plugin();
        int versions = 0;
        for (Provider p : candidates) {
            if (p.active() && plugin.equals(p.plugin())) {
                versions++;
            }
        }
        if (versions == 1) {
            return first; // one version: nothing to choose, nothing allocated
        }
        List<Provider> same = new ArrayList<>(versions);
        for (Provider p : candidates) {
            if (p.active() && plugin.equals(p.plugin())) {
                same.add(p);
            }
        }
        same.sort(Comparator.comparingLong(Provider::bundleId));
        String version = releases.choose(plugin, same.stream().map(Provider::version).toList(), releases.current())
                .orElse(null);
        for (Provider p : same) {
            if (p.version().equals(version)) {
                return p;
            }
        }
        return first;
    }
}
