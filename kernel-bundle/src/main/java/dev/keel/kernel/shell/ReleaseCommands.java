package dev.keel.kernel.shell;

import java.util.List;
import java.util.Locale;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.kernel.release.Releases;

/** The {@code keel:} release commands: versions side by side, canary splits, promote, rollback. */
@Component(service = ReleaseCommands.class)
@GogoCommand(scope = "keel", function = {"releases", "canary", "promote", "rollback"})
public final class ReleaseCommands {

    private final Releases releases;

    @Activate
    public ReleaseCommands(@Reference Releases releases) {
        this.releases = releases;
    }

    @Descriptor("list each plugin's versions: role (stable, canary), traffic weight, requests and errors per version")
    public String releases() {
        return format(releases.releases());
    }

    @Descriptor("send a share of a plugin's users to a version installed beside the stable one")
    public String canary(@Descriptor("the plugin name") String plugin,
            @Descriptor("the canary version, e.g. 1.1.0 (names 1.1.0.<build>)") String version,
            @Descriptor("percent of users (0-100) sent to the canary; the same user stays on one version")
            int weight) {
        return releases.canary(ShellActor.current(), plugin, version, weight) + "\n";
    }

    @Descriptor("move all traffic to the canary, then stop and uninstall the plugin's other versions")
    public String promote(@Descriptor("the plugin name") String plugin) {
        return releases.promote(ShellActor.current(), plugin, null) + "\n";
    }

    @Descriptor("move all traffic to a version, then stop and uninstall the plugin's other versions")
    public String promote(@Descriptor("the plugin name") String plugin,
            @Descriptor("the version to promote, e.g. 1.1.0") String version) {
        return releases.promote(ShellActor.current(), plugin, version) + "\n";
    }

    @Descriptor("return all traffic to the stable version, then stop and uninstall the canary")
    public String rollback(@Descriptor("the plugin name") String plugin) {
        return releases.rollback(ShellActor.current(), plugin) + "\n";
    }

    static String format(List<Releases.ReleaseView> views) {
        if (views.isEmpty()) {
            return "No plugins\n";
        }
        Table t = new Table("PLUGIN", "VERSION", "BUNDLE", "STATE", "ROLE", "WEIGHT", "REQUESTS", "ERRORS", "ERROR%");
        for (Releases.ReleaseView r : views) {
            for (Releases.VersionView v : r.versions()) {
                t.row(r.plugin(), v.version(), v.bundleId(), v.state(), v.role(), v.weight() + "%", v.requests(),
                        v.errors(), v.requests() == 0 ? "-"
                                : String.format(Locale.ROOT, "%.1f", v.errors() * 100.0 / v.requests()));
            }
        }
        return t.toString();
    }
}
