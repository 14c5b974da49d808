package dev.keel.kernel.deploy;

import static dev.keel.kernel.deploy.FrameworkOperations.cannotStart;
import static dev.keel.kernel.deploy.FrameworkOperations.oneLine;
import static dev.keel.kernel.deploy.FrameworkOperations.onOwnThread;
import static dev.keel.kernel.deploy.FrameworkOperations.refresh;
import static dev.keel.kernel.deploy.FrameworkOperations.start;
import static dev.keel.kernel.deploy.FrameworkOperations.uninstallQuietly;
import static dev.keel.kernel.deploy.FrameworkOperations.updateStopped;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import dev.keel.kernel.util.OwnerOnly;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.deploy.Deployment.Action;
import dev.keel.kernel.deploy.Deployment.Outcome;
import dev.keel.kernel.plugin.PluginManager;
import dev.keel.kernel.plugin.PluginStates;
import dev.keel.kernel.security.Audit;
import dev.keel.kernel.security.Audit.Actor;
import dev.keel.kernel.util.Poll;

/**
 * The one service that installs, updates (then refreshes) and uninstalls
 * plugin bundles; the shell, {@code /admin} and {@code release} call it. Each
 * operation runs on a thread of its own, waits (bounded) until the bundle's
 * plugins have settled and answers a {@link Deployment}; a refused or failed
 * one throws {@link IllegalArgumentException} with one clear line. Code comes
 * only from where {@link CodeSources} allows (optionally with a required
 * SHA-256), and every operation, done, refused or failed, goes to the audit
 * trail with who asked, the artifact's location and its SHA-256.
 */
@Component(service = BundleDeployer.class, configurationPid = BundleDeployer.PID)
@Designate(ocd = DeployConfig.class)
public final class BundleDeployer {

    /** Configuration PID: {@code etc/keel.deploy.cfg}. */
    public static final String PID = "keel.deploy";

    /** How long an operation waits for the bundle's plugins to register and settle (and for a refresh). */
    public static final Duration SETTLE = FrameworkOperations.SETTLE;

    /** How long FileInstall gets to uninstall a bundle whose jar left deploy/ (it polls every second or so). */
    private static final Duration FILEINSTALL_NOTICES = Duration.ofSeconds(5);

    private final PluginManager runtime;
    private final DeployMonitor deploy;
    private final BundleContext context;
    private final DeployAudit audit;
    private volatile CodeSources sources;

    @Activate
    public BundleDeployer(DeployConfig config, @Reference PluginManager runtime, @Reference DeployMonitor deploy,
            @Reference Audit audit, BundleContext context) {
        this.runtime = runtime;
        this.deploy = deploy;
        this.context = context;
        this.audit = new DeployAudit(audit);
        modified(config);
    }

    @Modified
    void modified(DeployConfig config) {
        String property = context.getProperty("keel.home");
        Path home = Path.of(property == null || property.isBlank() ? System.getProperty("user.dir") : property);
        List<Path> folders = new ArrayList<>(List.of(home, deploy.deployDir()));
        for (String f : config.code_folders() == null ? new String[0] : config.code_folders()) {
            if (!f.isBlank()) {
                folders.add(Path.of(f.strip()));
            }
        }
        sources = new CodeSources(home, folders, config.allow_http());
    }

    /** The jars of the Keel home's {@code examples/} and {@code deploy/}, as locations {@link #install} takes. */
    public List<String> installable() {
        return Installable.jars(sources.home(), deploy.deployDir());
    }

    /**
     * Installs a bundle from a jar file (relative to the Keel home) or an https:// URL, and starts it.
     *
     * @param who who asks, for the audit trail
     * @param sha256 the SHA-256 (hex) the jar must have, or null for no check
     */
    public Deployment install(Actor who, String jarOrUrl, String sha256) {
        DeployAudit.Act act = audit.act(who, "bundle.install", jarOrUrl);
        return act.run(() -> onOwnThread(() -> doInstall(act, jarOrUrl, sha256)));
    }

    /**
     * Updates the bundle of a plugin (by name, or by bundle id) from where it was
     * installed from ({@code jarOrUrl} null) or from a new jar, then refreshes and starts it.
     *
     * @param sha256 the SHA-256 (hex) the new jar must have, or null for no check
     */
    public Deployment update(Actor who, String plugin, String jarOrUrl, String sha256) {
        DeployAudit.Act act = audit.act(who, "bundle.update", plugin);
        return act.run(() -> onOwnThread(() -> doUpdate(act, plugin, jarOrUrl, sha256)));
    }

    /**
     * Uninstalls the bundle of a plugin (by name, or by bundle id); refused while
     * plugins of other bundles require it, unless {@code force}. A bundle from
     * {@code deploy/} is taken away by moving its jar to {@code data/uninstalled/}.
     */
    public Deployment uninstall(Actor who, String plugin, boolean force) {
        DeployAudit.Act act = audit.act(who, "bundle.uninstall", plugin);
        act.detail("force", String.valueOf(force));
        return act.run(() -> onOwnThread(() -> doUninstall(plugin, force)));
    }

    private Deployment doInstall(DeployAudit.Act act, String jarOrUrl, String sha256) {
        CodeSources.Artifact artifact = sources.fetch(jarOrUrl, sha256, act::fetched);
        String location = artifact.location();
        Bundle existing = context.getBundle(location);
        if (existing != null) {
            throw new IllegalArgumentException(jarOrUrl + " is already installed as bundle " + existing.getBundleId()
                    + " (keel:update updates it)");
        }
        Bundle b;
        try {
            b = context.installBundle(location, new ByteArrayInputStream(artifact.bytes()));
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
        return result(Action.INSTALLED, b, null, plugins.isEmpty() ? Outcome.NO_PLUGIN : Outcome.DONE, plugins, null);
    }

    private Deployment doUpdate(DeployAudit.Act act, String plugin, String jarOrUrl, String sha256) {
        Bundle b = bundleOf(plugin);
        String before = b.getSymbolicName() + " " + b.getVersion();
        String previousVersion = b.getVersion().toString();
        // from where it came (which must still be an allowed location) or from the new jar
        CodeSources.Artifact artifact = sources.fetch(jarOrUrl == null ? b.getLocation() : jarOrUrl, sha256,
                act::fetched);
        try {
            updateStopped(b, artifact.bytes()); // stopped first: its calls in flight drained, then the new revision
        } catch (BundleException | IllegalStateException e) {
            throw new IllegalArgumentException("cannot update " + plugin + ": " + oneLine(e));
        }
        refresh(context, b);
        try {
            start(b);
        } catch (BundleException | IllegalStateException e) {
            throw new IllegalArgumentException("updated " + before + " -> " + b.getVersion() + " (bundle "
                    + b.getBundleId() + "), but it does not start: " + cannotStart(context, b, e));
        }
        return result(Action.UPDATED, b, previousVersion, Outcome.DONE, awaitPlugins(b.getBundleId()), null);
    }

    private Deployment doUninstall(String plugin, boolean force) {
        Bundle b = bundleOf(plugin);
        List<PluginStatus> all = runtime.plugins();
        List<String> names = all.stream().filter(p -> p.bundleId() == b.getBundleId()).map(PluginStatus::name).toList();
        List<String> dependents = dependents(all, b.getBundleId());
        if (!dependents.isEmpty() && !force) {
            throw new IllegalArgumentException(String.join(", ", dependents)
                    + (dependents.size() == 1 ? " requires " : " require ") + String.join(", ", names)
                    + ": not uninstalled (--force uninstalls it anyway; they stop and wait)");
        }
        Deployment gone = result(Action.UNINSTALLED, b, null, Outcome.DONE, List.of(), null);
        Path jar = Locations.fileOf(b.getLocation());
        if (jar != null && jar.startsWith(deploy.deployDir()) && Files.exists(jar)) {
            // FileInstall owns bundles from deploy/: take the jar away, and it uninstalls the bundle
            Path kept = moveAside(jar);
            if (!Poll.until(() -> b.getState() == Bundle.UNINSTALLED, FILEINSTALL_NOTICES)) {
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
            return new Deployment(gone.action(), gone.bundleId(), gone.symbolicName(), gone.version(), null,
                    gone.location(), Outcome.DONE, List.of(), kept);
        }
        try {
            b.uninstall();
        } catch (BundleException | IllegalStateException e) {
            throw new IllegalArgumentException("cannot uninstall " + plugin + ": " + oneLine(e));
        }
        refresh(context, b);
        return gone;
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

    /** The bundle a plugin name or bundle id names: it must hold a plugin, and a name must name one bundle. */
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
        Poll.until(() -> {
            List<PluginStatus> mine = of(bundleId);
            return !mine.isEmpty() && runtime.awaitIdle(Duration.ofSeconds(1))
                    && !PluginStates.transitional(of(bundleId));
        }, SETTLE);
        return of(bundleId);
    }

    private List<PluginStatus> of(long bundleId) {
        return runtime.plugins().stream().filter(p -> p.bundleId() == bundleId).toList();
    }

    private static Path moveAside(Path jar) {
        try {
            Path dir = OwnerOnly.directories(Path.of("data", "uninstalled").toAbsolutePath());
            return Files.move(jar, dir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot move " + jar + " out of deploy/: " + oneLine(e));
        }
    }

    private static Deployment result(Action action, Bundle b, String previousVersion, Outcome outcome,
            List<PluginStatus> plugins, Path movedTo) {
        return new Deployment(action, b.getBundleId(), b.getSymbolicName(), b.getVersion().toString(), previousVersion,
                b.getLocation(), outcome, plugins, movedTo);
    }
}
