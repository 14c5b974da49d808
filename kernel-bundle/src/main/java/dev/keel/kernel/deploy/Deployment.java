package dev.keel.kernel.deploy;

import java.nio.file.Path;
import java.util.List;

import dev.keel.api.PluginStatus;

/**
 * What one {@link BundleDeployer} operation did: which bundle (id, symbolic
 * name, version, location), the version it had before an update, the plugins
 * it registered, and for a bundle uninstalled from {@code deploy/} where its
 * jar went. A refused or failed operation throws instead (one clear line).
 *
 * @param action what was done
 * @param bundleId the bundle's id
 * @param symbolicName its symbolic name
 * @param version its version now (after an update: the new one)
 * @param previousVersion the version before an update; {@code null} otherwise
 * @param location its bundle location
 * @param outcome whether its plugins registered (install, update) or it is gone (uninstall)
 * @param plugins the plugins of the bundle once they settled (install, update); empty for an uninstall
 * @param movedTo where the jar of a bundle uninstalled from {@code deploy/} was moved; {@code null} otherwise
 */
public record Deployment(Action action, long bundleId, String symbolicName, String version, String previousVersion,
        String location, Outcome outcome, List<PluginStatus> plugins, Path movedTo) {

    /** The operation. */
    public enum Action {
        INSTALLED, UPDATED, UNINSTALLED
    }

    /** How it ended. */
    public enum Outcome {
        /** Installed or updated, and its plugins registered and settled; or uninstalled. */
        DONE,
        /** Installed, but it registered no plugin within the settle time: probably not a Keel plugin. */
        NO_PLUGIN
    }

    public Deployment {
        plugins = List.copyOf(plugins);
    }

    /**
     * One line saying what was done, e.g. {@code updated dev.keel.payment-bundle 1.0.0 -> 1.1.0 (bundle 7)}.
     */
    public String summary() {
        String bundle = "(bundle " + bundleId + ")";
        return switch (action) {
            case INSTALLED -> "installed " + symbolicName + " " + version + " " + bundle;
            case UPDATED -> "updated " + symbolicName + " " + previousVersion + " -> " + version + " " + bundle;
            case UNINSTALLED -> "uninstalled " + symbolicName + " " + version + " " + bundle
                    + (movedTo == null ? "" : "; its jar moved from deploy/ to " + movedTo);
        };
    }
}
