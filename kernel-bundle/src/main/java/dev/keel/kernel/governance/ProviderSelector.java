package dev.keel.kernel.governance;

/**
 * Chooses the provider of a governed call: the seam the release policy
 * (version choice, traffic weights) plugs into. Kernel-internal; the
 * highest-ranked {@code ProviderSelector} service wins, {@link HighestRankedSelector}
 * is the default.
 */
public interface ProviderSelector {

    /**
     * @param contract the contract's interface name
     * @param candidates the providers, highest service ranking first (then lowest service id)
     * @return the chosen provider, or {@code null} when none may serve (the call then fails fast)
     */
    Provider select(String contract, Provider[] candidates);
}
