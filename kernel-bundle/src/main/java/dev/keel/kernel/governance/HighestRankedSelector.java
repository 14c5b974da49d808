package dev.keel.kernel.governance;

import org.osgi.service.component.annotations.Component;

/** The default {@link ProviderSelector}: the highest-ranked provider whose plugin is ACTIVE. */
@Component(service = ProviderSelector.class, property = "service.ranking:Integer=-1000")
public final class HighestRankedSelector implements ProviderSelector {

    @Override
    public Provider select(String contract, Provider[] candidates) {
        for (Provider p : candidates) {
            if (p.active()) {
                return p;
            }
        }
        return null;
    }
}
