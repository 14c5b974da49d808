package dev.keel.kernel.shell;

import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.api.PluginStatus;
import dev.keel.kernel.deploy.BundleDeployer;
import dev.keel.kernel.deploy.Deployment;

/** The {@code keel:} commands that change plugin bundles: install, update (then refresh), uninstall. */
@Component(service = BundleCommands.class)
@GogoCommand(scope = "keel", function = {"install", "update", "uninstall"})
public final class BundleCommands {

    private final BundleDeployer deployer;

    @Activate
    public BundleCommands(@Reference BundleDeployer deployer) {
        this.deployer = deployer;
    }

    private static final String SHA256 = "the SHA-256 (64 hex digits) the jar must have; nothing is installed if it "
            + "differs";

    @Descriptor("install a plugin bundle and start it; prints the plugins it registered")
    public String install(
            @Descriptor(SHA256) @Parameter(names = {"--sha256"}, absentValue = "") String sha256,
            @Descriptor("a jar file under the Keel home (relative to it) or an https:// URL") String jarOrUrl) {
        return format(deployer.install(ShellActor.current(), jarOrUrl, orNull(sha256)));
    }

    @Descriptor("update a plugin's bundle from where it was installed from, then refresh it (live: calls to it are held meanwhile)")
    public String update(
            @Descriptor(SHA256) @Parameter(names = {"--sha256"}, absentValue = "") String sha256,
            @Descriptor("the plugin name, or its bundle id") String plugin) {
        return format(deployer.update(ShellActor.current(), plugin, null, orNull(sha256)));
    }

    @Descriptor("update a plugin's bundle from a new jar, then refresh it (live: calls to it are held meanwhile)")
    public String update(
            @Descriptor(SHA256) @Parameter(names = {"--sha256"}, absentValue = "") String sha256,
            @Descriptor("the plugin name, or its bundle id") String plugin,
            @Descriptor("the new jar file under the Keel home (relative to it) or an https:// URL") String jarOrUrl) {
        return format(deployer.update(ShellActor.current(), plugin, jarOrUrl, orNull(sha256)));
    }

    private static String orNull(String option) {
        return option == null || option.isBlank() ? null : option;
    }

    @Descriptor("uninstall a plugin's bundle; refused while other plugins require it, unless --force")
    public String uninstall(
            @Descriptor("uninstall even if other plugins require it (they stop and wait for it)")
            @Parameter(names = {"-f", "--force"}, presentValue = "true", absentValue = "false") boolean force,
            @Descriptor("the plugin name, or its bundle id") String plugin) {
        return format(deployer.uninstall(ShellActor.current(), plugin, force));
    }

    /** What the shell prints for a deployment: its summary, then the bundle's plugins as a table. */
    static String format(Deployment d) {
        return switch (d.action()) {
            case INSTALLED -> d.summary() + "\n" + (d.outcome() == Deployment.Outcome.NO_PLUGIN
                    ? "it registered no plugin within " + BundleDeployer.SETTLE.toSeconds() + " s (is it a Keel plugin?)\n"
                    : formatPlugins(d.plugins()));
            case UPDATED -> d.summary() + "\n" + formatPlugins(d.plugins());
            case UNINSTALLED -> d.summary() + "\n";
        };
    }

    static String formatPlugins(List<PluginStatus> plugins) {
        Table table = new Table("NAME", "VERSION", "BUNDLE", "STATE", "INFO");
        for (PluginStatus p : plugins) {
            table.row(p.name(), p.version(), p.bundleId(), p.state(),
                    p.failure() != null ? p.failure()
                            : p.waitingFor().isEmpty() ? "" : "waiting for " + String.join(", ", p.waitingFor()));
        }
        return table.toString();
    }
}
