package dev.keel.kernel.deploy;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import dev.keel.kernel.security.Audit;

/**
 * Watches what lands in {@code deploy/} and says clearly, once, why a file
 * does not run: a jar that is no bundle (FileInstall would silently skip it)
 * or a bundle that cannot resolve (with the missing requirements).
 */
@Component(service = {DeployMonitor.class, ArtifactInstaller.class}, immediate = true)
public final class DeployMonitor implements ArtifactInstaller, BundleListener, FrameworkListener {

    private final Logger log;
    private final BundleContext context;
    private final Path deployDir;
    private final FolderAudit folderAudit;
    private final Path home;
    private final Map<String, DeployProblem> notBundles = new ConcurrentHashMap<>();
    private final Map<Long, DeployProblem> unresolved = new ConcurrentHashMap<>();
    private final ExecutorService checks = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "keel-deploy-check");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public DeployMonitor(BundleContext context, @Reference(service = LoggerFactory.class) Logger log,
            @Reference Audit audit) {
        this.context = context;
        this.log = log;
        this.folderAudit = new FolderAudit(audit);
        this.home = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        String dir = context.getProperty("keel.deploy.dir");
        this.deployDir = home.resolve(dir == null ? "deploy" : dir).normalize();
        context.addBundleListener(this);
        context.addFrameworkListener(this);
        checks.execute(this::checkAll);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
        context.removeFrameworkListener(this);
        checks.shutdownNow();
    }

    /** The watched deploy folder (absolute). */
    public Path deployDir() {
        return deployDir;
    }

    /** Every current problem: non-bundle jars first, then unresolvable bundles. */
    public List<DeployProblem> problems() {
        List<DeployProblem> out = new ArrayList<>(notBundles.values());
        out.addAll(unresolved.values());
        out.sort((a, b) -> a.file().compareTo(b.file()));
        return out;
    }

    /** Whether the jar (relative to the home, as {@link #display(Path)} names it) is reported as no bundle. */
    boolean reportedAsNoBundle(String file) {
        return notBundles.containsKey(file);
    }

    /** Whether the bundle is reported as one that cannot resolve. */
    boolean reportedAsUnresolved(long bundleId) {
        return unresolved.containsKey(bundleId);
    }

    // --- FileInstall: jars that are not bundles --------------------------------------

    @Override
    public boolean canHandle(File artifact) {
        return artifact.getName().endsWith(".jar") && notBundleReason(artifact) != null;
    }

    @Override
    public void install(File artifact) {
        String reason = notBundleReason(artifact);
        String file = display(artifact.toPath());
        notBundles.put(file, new DeployProblem(file, -1, reason));
        log.error("{}: {}; ignored until replaced by a bundle", file, reason);
    }

    @Override
    public void update(File artifact) {
        install(artifact);
    }

    @Override
    public void uninstall(File artifact) {
        String file = display(artifact.toPath());
        if (notBundles.remove(file) != null) {
            log.info("{}: removed", file);
        }
    }

    static String notBundleReason(File jar) {
        try (JarFile jf = new JarFile(jar)) {
            Manifest m = jf.getManifest();
            if (m == null) {
                return "not an OSGi bundle: the jar has no META-INF/MANIFEST.MF";
            }
            if (m.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME) == null) {
                return "not an OSGi bundle: its manifest has no Bundle-SymbolicName";
            }
            return null;
        } catch (IOException e) {
            return "not a readable jar: " + e.getMessage();
        }
    }

    // --- bundles that do not resolve -------------------------------------------------

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
            checks.execute(this::checkAll);
        }
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle b = event.getBundle();
        if (inDeployDir(b)) {
            folderAudit.record(event.getType(), b, locationPath(b.getLocation()));
        }
        switch (event.getType()) {
            case BundleEvent.RESOLVED -> {
                if (unresolved.remove(b.getBundleId()) != null) {
                    log.info("{} (bundle {}) resolves now", display(b), b.getBundleId());
                }
            }
            case BundleEvent.UNINSTALLED -> unresolved.remove(b.getBundleId());
            default -> { }
        }
    }

    private void checkAll() {
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        for (Bundle b : context.getBundles()) {
            if (b.getState() != Bundle.INSTALLED || !inDeployDir(b) || unresolved.containsKey(b.getBundleId())) {
                continue;
            }
            if (wiring.resolveBundles(List.of(b))) {
                continue;
            }
            String reason = "cannot resolve: " + Requirements.missing(b, wiring);
            unresolved.put(b.getBundleId(), new DeployProblem(display(b), b.getBundleId(), reason));
            log.error("{} (bundle {}): {}", display(b), b.getBundleId(), reason);
        }
    }

    /** Why a bundle cannot resolve, in one line: the requirements no bundle provides ({@link Requirements#missing}). */
    public static String missing(Bundle b, FrameworkWiring wiring) {
        return Requirements.missing(b, wiring);
    }

    private boolean inDeployDir(Bundle b) {
        Path p = locationPath(b.getLocation());
        return p != null && p.startsWith(deployDir);
    }

    static Path locationPath(String location) {
        try {
            URI uri = URI.create(location);
            return "file".equals(uri.getScheme()) ? Path.of(uri).toAbsolutePath().normalize() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String display(Bundle b) {
        Path p = locationPath(b.getLocation());
        return p == null ? b.getLocation() : display(p);
    }

    String display(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(home) ? home.relativize(abs).toString() : abs.toString();
    }
}
