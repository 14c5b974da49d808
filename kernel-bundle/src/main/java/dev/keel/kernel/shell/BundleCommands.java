package dev.keel.kernel.shell;

import static dev.keel.kernel.shell.BundleOperations.SETTLE;
import static dev.keel.kernel.shell.BundleOperations.await;
import static dev.keel.kernel.shell.BundleOperations.cannotStart;
import static dev.keel.kernel.shell.BundleOperations.fileOf;
import static dev.keel.kernel.shell.BundleOperations.location;
import static dev.keel.kernel.shell.BundleOperations.oneLine;
import static dev.keel.kernel.shell.BundleOperations.open;
import static dev.keel.kernel.shell.BundleOperations.outsideTheShell;
import static dev.keel.kernel.shell.BundleOperations.refresh;
import static dev.keel.kernel.shell.BundleOperations.start;
import static dev.keel.kernel.shell.BundleOperations.uninstallQuietly;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.api.PluginStatus;
import dev.keel.kernel.deploy.DeployMonitor;
import dev.keel.kernel.plugin.PluginManager;

/** The {@code keel:} commands that change plugin bundles: install, update (then refresh), uninstall. */
@Component(service = BundleCommands.class)
@GogoCommand(scope = "keel", function = {"install", "update", "uninstall"})
public final class BundleCommands {

    /** How long FileInstall gets to uninstall a bundle whose jar left deploy/ (it polls every second or so). */
    private static final java.time.Duration FILEINSTALL_NOTICES = java.time.Duration.ofSeconds(5);

    private final PluginManager runtime;
    private final DeployMonitor deploy;
    private final BundleContext context;

    @Activate
    public BundleCommands(@Reference PluginManager runtime, @Reference DeployMonitor deploy, BundleContext context) {
        this.runtime = runtime;
        this.deploy = deploy;
        this.context = context;
    }

    @Descriptor("install a plugin bundle and start it; prints the plugins it registered")
    public String install(@Descriptor("a jar file (relative to the Keel home) or a URL") String jarOrUrl) {
        return outsideTheShell(() -> doInstall(jarOrUrl));
    }

    private String doInstall(String jarOrUrl) {
        String location = location(jarOrUrl);
        Bundle existing = context.getBundle(location);
        if (existing != null) {
            throw new IllegalArgumentException(jarOrUrl + " is already installed as bundle " + existing.getBundleId()
                    + " (keel:update updates it)");
        }
        Bundle b;
        try {
            b = context.installBundle(location);
        } catch (BundleException | SecurityException e) {
            throw new IllegalArgumentException("cannot install " + jarOrUrl + ": " + oneLine(e));
        }
        try {
            start(b);
        } catch (BundleException | IllegalStateException e) {
            String why = cannotStart(context, b, e);
            uninstallQuietly(b);
            throw new IllegalArgumentException("not installed: " + jarOrUrl + ": " + why);
        }
        List<PluginStatus> plugins = awaitPlugins(b.getBundleId());
        return "installed " + describe(b) + "\n" + (plugins.isEmpty()
                ? "it registered no plugin within " + SETTLE.toSeconds() + " s (is it a Keel plugin?)\n"
                : formatPlugins(plugins));
    }

    @Descriptor("update a plugin's bundle from where it was installed from, then refresh it (live: calls to it are held meanwhile)")
    public String update(@Descriptor("the plugin name, or its bundle id") String plugin) {
        return update(plugin, null);
    }

    @Descriptor("update a plugin's bundle from a new jar, then refresh it (live: calls to it are held meanwhile)")
    public String update(@Descriptor("the plugin name, or its bundle id") String plugin,
            @Descriptor("the new jar file (relative to the Keel home) or a URL") String jarOrUrl) {
        return outsideTheShell(() -> doUpdate(plugin, jarOrUrl));
    }

    private String doUpdate(String plugin, String jarOrUrl) {
        Bundle b = bundleOf(plugin);
        String before = b.getSymbolicName() + " " + b.getVersion();
        long revision = b.getLastModified();
        try {
            if (jarOrUrl == null) {
                b.update();
            } else {
                try (InputStream in = open(jarOrUrl)) {
                    b.update(in);
                }
            }
        } catch (BundleException | IOException | IllegalStateException e) {
            if (b.getLastModified() == revision) {
                throw new IllegalArgumentException("cannot update " + plugin + ": " + oneLine(e));
            }
            // updated, but the restart lost a race for Felix's global lock: refresh and start below
        }
        refresh(context, b);
        try {
            start(b);
        } catch (BundleException | IllegalStateException e) {
            throw new IllegalArgumentException("updated " + before + " -> " + b.getVersion() + " (bundle "
                    + b.getBundleId() + "), but it does not start: " + cannotStart(context, b, e));
        }
        List<PluginStatus> plugins = awaitPlugins(b.getBundleId());
        return "updated " + before + " -> " + b.getVersion() + " (bundle " + b.getBundleId() + ")\n"
                + formatPlugins(plugins);
    }

    @Descriptor("uninstall a plugin's bundle; refused while other plugins require it, unless --force")
    public String uninstall(
            @Descriptor("uninstall even if other plugins require it (they stop and wait for it)")
            @Parameter(names = {"-f", "--force"}, presentValue = "true", absentValue = "false") boolean force,
            @Descriptor("the plugin name, or its bundle id") String plugin) {
        return outsideTheShell(() -> doUninstall(force, plugin));
    }

    private String doUninstall(boolean force, String plugin) {
        Bundle b = bundleOf(plugin);
        List<PluginStatus> all = runtime.plugins();
        List<String> names = all.stream().filter(p -> p.bundleId() == b.getBundleId()).map(PluginStatus::name).toList();
        List<String> dependents = dependents(all, b.getBundleId());
        if (!dependents.isEmpty() && !force) {
            throw new IllegalArgumentException(String.join(", ", dependents)
                    + (dependents.size() == 1 ? " requires " : " require ") + String.join(", ", names)
                    + ": not uninstalled (--force uninstalls it anyway; they stop and wait)");
        }
        String what = describe(b);
        Path jar = fileOf(b.getLocation());
        if (jar != null && jar.startsWith(deploy.deployDir()) && Files.exists(jar)) {
            // FileInstall owns bundles from deploy/: take the jar away, and it uninstalls the bundle
            Path kept = moveAside(jar);
            if (!await(() -> b.getState() == Bundle.UNINSTALLED, FILEINSTALL_NOTICES)) {
                // FileInstall does not take away a bundle it installed before a framework restart (it no
                // longer tracks it); the jar is gone, so nothing installs it again: uninstall it here
                try {
                    b.uninstall();
                } catch (BundleException | IllegalStateException e) {
                    if (b.getState() != Bundle.UNINSTALLED) {
                        throw new IllegalArgumentException("moved " + jar.getFileName() + " to " + kept
                                + ", but cannot uninstall bundle " + b.getBundleId() + ": " + oneLine(e));
                    }
                }
                refresh(context, b);
            }
            return "uninstalled " + what + "; its jar moved from deploy/ to " + kept + "\n";
        }
        try {
            b.uninstall();
        } catch (BundleException | IllegalStateException e) {
            throw new IllegalArgumentException("cannot uninstall " + plugin + ": " + oneLine(e));
        }
        refresh(context, b);
        return "uninstalled " + what + "\n";
    }

    /**
     * Plugins of other bundles that require a plugin of this bundle which no
     * other bundle provides (another version side by side keeps them running).
     */
    static List<String> dependents(List<PluginStatus> plugins, long bundleId) {
        List<String> lost = new ArrayList<>();
        for (PluginStatus p : plugins) {
            if (p.bundleId() == bundleId && plugins.stream()
                    .noneMatch(o -> o.bundleId() != bundleId && o.name().equals(p.name()))) {
                lost.add(p.name());
            }
        }
        List<String> out = new ArrayList<>();
        for (PluginStatus p : plugins) {
            if (p.bundleId() != bundleId && !lost.contains(p.name()) && p.requires().stream().anyMatch(lost::contains)
                    && !out.contains(p.name())) {
                out.add(p.name());
            }
        }
        return out;
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

    private Bundle bundleOf(String plugin) {
        List<PluginStatus> all = runtime.plugins();
        if (plugin.matches("\\d+")) {
            long id = Long.parseLong(plugin);
            if (all.stream().anyMatch(p -> p.bundleId() == id) && context.getBundle(id) != null) {
                return context.getBundle(id);
            }
            throw new IllegalArgumentException("bundle " + plugin + " holds no plugin (keel:plugins lists them)");
        }
        List<Long> ids = all.stream().filter(p -> p.name().equals(plugin)).map(PluginStatus::bundleId).distinct().toList();
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("unknown plugin: " + plugin + " (keel:plugins lists them)");
        }
        if (ids.size() > 1) {
            throw new IllegalArgumentException("plugin " + plugin + " runs in " + ids.size() + " bundles " + ids
                    + ": name one by its bundle id");
        }
        Bundle b = context.getBundle(ids.get(0));
        if (b == null) {
            throw new IllegalArgumentException("plugin " + plugin + ": bundle " + ids.get(0) + " is gone");
        }
        return b;
    }

    /** Waits until the bundle's plugins have registered and settled (bounded); returns them. */
    private List<PluginStatus> awaitPlugins(long bundleId) {
        await(() -> {
            List<PluginStatus> mine = of(bundleId);
            return !mine.isEmpty() && runtime.awaitIdle(Duration.ofSeconds(1))
                    && !PluginCommands.transitional(of(bundleId));
        });
        return of(bundleId);
    }

    private List<PluginStatus> of(long bundleId) {
        return runtime.plugins().stream().filter(p -> p.bundleId() == bundleId).toList();
    }

    private Path moveAside(Path jar) {
        try {
            Path dir = Files.createDirectories(Path.of("data", "uninstalled").toAbsolutePath());
            return Files.move(jar, dir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot move " + jar + " out of deploy/: " + oneLine(e));
        }
    }

    private static String describe(Bundle b) {
        return b.getSymbolicName() + " " + b.getVersion() + " (bundle " + b.getBundleId() + ")";
    }

}
