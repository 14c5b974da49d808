package dev.keel.kernel.deploy;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Watches what lands in {@code deploy/} and says clearly, once, why a file
 * does not run: a jar that is no bundle (FileInstall would silently skip it)
 * or a bundle that cannot resolve (with the missing requirements).
 */
@Component(service = {DeployMonitor.class, ArtifactInstaller.class}, immediate = true)
public final class DeployMonitor implements ArtifactInstaller, BundleListener, FrameworkListener {

    private static final Pattern FILTER_NAME = Pattern.compile("\\(([\\w.]+)=([^)]+)\\)");

    private final Logger log;
    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final Path deployDir;
    private final Path home;
    private final Map<String, DeployProblem> notBundles = new ConcurrentHashMap<>();
    private final Map<Long, DeployProblem> unresolved = new ConcurrentHashMap<>();
    /** Notified on every bundle and framework event, so waiters re-check {@link #pending()}. */
    private final Object changed = new Object();
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(150);
    private volatile long lastChange = System.nanoTime();
    /** What surfaces start beside the rest of the start (the SSH shell): settled waits for them too. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<StartupStep> steps = List.of();
    private final ExecutorService checks = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "keel-deploy-check");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public DeployMonitor(BundleContext context, @Reference(service = LoggerFactory.class) Logger log,
            @Reference ServiceComponentRuntime scr) {
        this.context = context;
        this.scr = scr;
        this.log = log;
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

    /**
     * Why the platform is not settled yet, empty when it is: the framework is
     * still starting, or a jar in {@code deploy/} has no bundle yet, its
     * bundle has not started or SCR has not taken up its components yet (jars already reported as problems count as
     * settled: they are reported, not awaited), or a {@link StartupStep} (the SSH shell) is still starting.
     */
    public List<String> pending() {
        List<String> pending = new ArrayList<>();
        if (context.getBundle(0).getState() != Bundle.ACTIVE) {
            pending.add("the framework is starting");
        }
        for (StartupStep step : List.copyOf(steps)) {
            if (step.starting()) {
                pending.add(step.what() + " is starting");
            }
        }
        Map<Path, Bundle> byPath = new HashMap<>();
        for (Bundle b : context.getBundles()) {
            Path p = locationPath(b.getLocation());
            if (p != null) {
                byPath.put(p, b);
            }
        }
        for (Path jar : deployedJars()) {
            String file = display(jar);
            if (notBundles.containsKey(file)) {
                continue;
            }
            Bundle b = byPath.get(jar);
            if (b == null) {
                pending.add(file + ": not installed yet");
            } else if (!unresolved.containsKey(b.getBundleId()) && b.getHeaders("").get(Constants.FRAGMENT_HOST) == null
                    && (b.getState() & (Bundle.INSTALLED | Bundle.RESOLVED | Bundle.STARTING)) != 0) {
                pending.add(file + ": not started yet");
            } else if (b.getState() == Bundle.ACTIVE && !componentsTakenUp(b)) {
                pending.add(file + ": components not registered yet");
            }
        }
        return pending;
    }

    /**
     * Waits until {@link #pending()} is empty or the timeout passes, and
     * returns what is still pending (empty when settled).
     */
    public List<String> awaitSettled(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> pending = pending();
        // SCR takes up a started bundle's components just after its bundle event: settled also
        // means no bundle event for a short quiet time
        while (!pending.isEmpty() || System.nanoTime() - lastChange < QUIET_NANOS) {
            long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMs <= 0) {
                break;
            }
            synchronized (changed) {
                try {
                    // bundle and framework events wake this early; a new file in deploy/ raises none, hence the cap
                    changed.wait(Math.min(leftMs, 100));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return pending();
                }
            }
            pending = pending();
        }
        return pending;
    }

    private void signal() {
        lastChange = System.nanoTime();
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /** SCR has read the bundle's components and made a configuration of each enabled one. */
    private boolean componentsTakenUp(Bundle b) {
        if (b.getHeaders("").get("Service-Component") == null) {
            return true;
        }
        Collection<ComponentDescriptionDTO> descriptions = scr.getComponentDescriptionDTOs(b);
        if (descriptions.isEmpty()) {
            return false;
        }
        for (ComponentDescriptionDTO d : descriptions) {
            if (scr.isComponentEnabled(d) && !"require".equals(d.configurationPolicy)
                    && scr.getComponentConfigurationDTOs(d).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private List<Path> deployedJars() {
        try (Stream<Path> files = Files.list(deployDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .map(f -> f.toAbsolutePath().normalize()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
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
        signal();
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
        signal();
        if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
            checks.execute(this::checkAll);
        }
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        signal();
        Bundle b = event.getBundle();
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
            String reason = "cannot resolve: " + missing(b, wiring);
            unresolved.put(b.getBundleId(), new DeployProblem(display(b), b.getBundleId(), reason));
            log.error("{} (bundle {}): {}", display(b), b.getBundleId(), reason);
        }
    }

    /** Why a bundle cannot resolve, in one line: the requirements no bundle provides. */
    public static String missing(Bundle b, FrameworkWiring wiring) {
        BundleRevision revision = b.adapt(BundleRevision.class);
        if (revision == null) {
            return "no revision";
        }
        List<String> missing = new ArrayList<>();
        for (BundleRequirement req : revision.getDeclaredRequirements(null)) {
            Map<String, String> directives = req.getDirectives();
            if ("optional".equals(directives.get("resolution"))) {
                continue;
            }
            String effective = directives.get("effective");
            if (effective != null && !"resolve".equals(effective)) {
                continue;
            }
            Collection<BundleCapability> providers = wiring.findProviders(req);
            if (providers.isEmpty()) {
                missing.add(describe(req));
            }
        }
        return missing.isEmpty() ? "conflicting constraints ('start " + b.getBundleId() + "' prints the resolver's reason)"
                : "missing " + String.join(", ", missing);
    }

    static String describe(BundleRequirement req) {
        String filter = req.getDirectives().getOrDefault("filter", "");
        if (PackageNamespace.PACKAGE_NAMESPACE.equals(req.getNamespace())) {
            Matcher m = FILTER_NAME.matcher(filter);
            String name = null;
            List<String> versions = new ArrayList<>();
            while (m.find()) {
                if (m.group(1).equals(PackageNamespace.PACKAGE_NAMESPACE)) {
                    name = m.group(2);
                }
            }
            Matcher v = Pattern.compile("\\((version[<>]?=[^)]+)\\)").matcher(filter);
            while (v.find()) {
                versions.add(v.group(1));
            }
            if (name != null) {
                return "package " + name + (versions.isEmpty() ? "" : " " + String.join(" ", versions));
            }
        }
        return req.getNamespace() + " " + filter;
    }

    private boolean inDeployDir(Bundle b) {
        Path p = locationPath(b.getLocation());
        return p != null && p.startsWith(deployDir);
    }

    private static Path locationPath(String location) {
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

    private String display(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(home) ? home.relativize(abs).toString() : abs.toString();
    }
}
