package dev.keel.kernel.shell;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.FrameworkWiring;
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

    static final Duration SETTLE = Duration.ofSeconds(30);

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
            String why = cannotStart(b, e);
            uninstallQuietly(b);
            throw new IllegalArgumentException("not installed: " + jarOrUrl + ": " + why);
        }
        List<PluginStatus> plugins = awaitPlugins(b.getBundleId());
        return "installed " + describe(b) + "\n" + (plugins.isEmpty()
                ? "it registered no plugin within " + SETTLE.toSeconds() + " s (is it a Keel plugin?)\n"
                : formatPlugins(plugins));
    }

    @Descriptor("update a plugin's bundle from where it was installed from, then refresh it")
    public String update(@Descriptor("the plugin name, or its bundle id") String plugin) {
        return update(plugin, null);
    }

    @Descriptor("update a plugin's bundle from a new jar, then refresh it")
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
        refresh(b);
        try {
            start(b);
        } catch (BundleException | IllegalStateException e) {
            throw new IllegalArgumentException("updated " + before + " -> " + b.getVersion() + " (bundle "
                    + b.getBundleId() + "), but it does not start: " + cannotStart(b, e));
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
            throw new IllegalArgumentException(String.join(", ", dependents) + (dependents.size() == 1 ? " requires " : " require ")
                    + String.join(", ", names) + ": not uninstalled (--force uninstalls it anyway; they stop and wait)");
        }
        String what = describe(b);
        Path jar = fileOf(b.getLocation());
        if (jar != null && jar.startsWith(deploy.deployDir()) && Files.exists(jar)) {
            // FileInstall owns bundles from deploy/: take the jar away, and it uninstalls the bundle
            Path kept = moveAside(jar);
            if (!await(() -> b.getState() == Bundle.UNINSTALLED)) {
                throw new IllegalArgumentException("moved " + jar.getFileName() + " to " + kept
                        + ", but bundle " + b.getBundleId() + " is still installed after " + SETTLE.toSeconds() + " s");
            }
            return "uninstalled " + what + "; its jar moved from deploy/ to " + kept + "\n";
        }
        try {
            b.uninstall();
        } catch (BundleException | IllegalStateException e) {
            throw new IllegalArgumentException("cannot uninstall " + plugin + ": " + oneLine(e));
        }
        refresh(b);
        return "uninstalled " + what + "\n";
    }

    /**
     * Runs a framework operation on a thread of its own and waits for it, bounded.
     * The shell may interrupt its command thread (Ctrl-C, a closing session);
     * an update or uninstall must not be cut off half-way by that: Felix gives up
     * on its global lock when the waiting thread is interrupted.
     */
    private static String outsideTheShell(Supplier<String> operation) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                result.complete(operation.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }, "keel-shell-bundle-operation");
        worker.setDaemon(true);
        worker.start();
        long deadline = System.nanoTime() + 3 * SETTLE.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw (Error) e.getCause();
                } catch (TimeoutException e) {
                    throw new IllegalArgumentException("the operation did not finish within " + 3 * SETTLE.toSeconds()
                            + " s; it goes on in the background (keel:plugins shows where it is)");
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
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

    /**
     * Starts the bundle unless it is active. Felix makes a start that waits for
     * its global lock give up when the lock's holder (a concurrent resolve) needs
     * this bundle's lock: that start is tried again, a few times.
     */
    private static void start(Bundle b) throws BundleException {
        for (int attempt = 1; ; attempt++) {
            if (b.getState() == Bundle.ACTIVE) {
                return;
            }
            try {
                b.start();
                return;
            } catch (BundleException e) {
                if (attempt >= 10 || e.getMessage() == null || !e.getMessage().contains("global lock")) {
                    throw e;
                }
            }
            try {
                Thread.sleep(100L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BundleException("interrupted while starting bundle " + b.getBundleId());
            }
        }
    }

    /** Refreshes the bundle (and what is wired to it) and waits, bounded, for the refresh to finish. */
    private void refresh(Bundle b) {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(b), event -> done.countDown());
        try {
            if (!done.await(SETTLE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalArgumentException("the refresh of bundle " + b.getBundleId() + " did not finish within "
                        + SETTLE.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted while refreshing bundle " + b.getBundleId());
        }
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

    private static boolean await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private String cannotStart(Bundle b, Exception e) {
        if (b.getState() == Bundle.INSTALLED) {
            FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
            if (!wiring.resolveBundles(List.of(b))) {
                return "cannot resolve: " + DeployMonitor.missing(b, wiring);
            }
        }
        return e == null ? "its state is " + state(b) : oneLine(e);
    }

    private static String state(Bundle b) {
        return switch (b.getState()) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }

    private static void uninstallQuietly(Bundle b) {
        try {
            b.uninstall();
        } catch (BundleException | IllegalStateException e) {
            // it goes away with the next refresh
        }
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

    /** A file path (relative to the Keel home) becomes a file: URI; anything else must be a URL. */
    static String location(String jarOrUrl) {
        Path p = Path.of(jarOrUrl.startsWith("file:") ? "" : jarOrUrl);
        if (!jarOrUrl.startsWith("file:") && Files.isRegularFile(p)) {
            return p.toAbsolutePath().normalize().toUri().toString();
        }
        try {
            URI uri = new URI(jarOrUrl);
            if (uri.getScheme() == null || uri.getScheme().length() < 2) {
                throw new IllegalArgumentException("no such file: " + jarOrUrl);
            }
            if ("file".equals(uri.getScheme()) && !Files.isRegularFile(Path.of(uri))) {
                throw new IllegalArgumentException("no such file: " + jarOrUrl);
            }
            return uri.toString();
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw e instanceof IllegalArgumentException iae && iae.getMessage().startsWith("no such file")
                    ? iae : new IllegalArgumentException("no such file, and not a URL: " + jarOrUrl);
        }
    }

    private static InputStream open(String jarOrUrl) throws IOException {
        try {
            return new URL(location(jarOrUrl)).openStream();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a URL: " + jarOrUrl);
        }
    }

    private static Path fileOf(String location) {
        try {
            URI uri = URI.create(location);
            return "file".equals(uri.getScheme()) ? Path.of(uri).toAbsolutePath().normalize() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m).strip();
    }
}
