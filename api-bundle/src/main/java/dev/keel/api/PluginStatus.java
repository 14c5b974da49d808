package dev.keel.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of one plugin as the kernel runs it.
 *
 * @param name the plugin name
 * @param version the plugin version
 * @param bundleId the id of the bundle that registered the plugin
 * @param bundleLocation where that bundle was installed from
 * @param priority the start priority (lower starts first)
 * @param requires the names of the plugins it requires
 * @param state the current state
 * @param startedAt when it last became ACTIVE, or {@code null}
 * @param waitingFor required plugins that are not ACTIVE yet (empty when none)
 * @param failure the last failure as one line, or {@code null}
 */
public record PluginStatus(String name, String version, long bundleId, String bundleLocation,
        int priority, List<String> requires, PluginState state, Instant startedAt,
        List<String> waitingFor, String failure) {

    /**
     * Validates and copies the lists.
     */
    public PluginStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(state, "state");
        requires = List.copyOf(requires);
        waitingFor = List.copyOf(waitingFor);
    }
}
