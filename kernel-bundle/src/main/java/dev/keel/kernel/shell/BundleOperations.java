package dev.keel.kernel.shell;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.FrameworkWiring;

import dev.keel.kernel.deploy.DeployMonitor;

/** The framework side of {@link BundleCommands}: where a jar comes from, start with retries, refresh, bounded waits. */
final class BundleOperations {

    /** How long a refresh, a plugin's registration or an uninstall may take. */
    static final Duration SETTLE = Duration.ofSeconds(30);

    private BundleOperations() {
    }

    /**
     * Runs a framework operation on a thread of its own and waits for it, bounded.
     * The shell may interrupt its command thread (Ctrl-C, a closing session);
     * an update or uninstall must not be cut off half-way by that: Felix gives up
     * on its global lock when the waiting thread is interrupted.
     */
    static String outsideTheShell(Supplier<String> operation) {
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
     * Starts the bundle unless it is active. Felix makes a start that waits for
     * its global lock give up when the lock's holder (a concurrent resolve) needs
     * this bundle's lock: that start is tried again, a few times.
     */
    static void start(Bundle b) throws BundleException {
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
    static void refresh(BundleContext context, Bundle b) {
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

    static boolean await(BooleanSupplier condition) {
        return await(condition, SETTLE);
    }

    static boolean await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
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

    static String cannotStart(BundleContext context, Bundle b, Exception e) {
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

    static void uninstallQuietly(Bundle b) {
        try {
            b.uninstall();
        } catch (BundleException | IllegalStateException e) {
            // it goes away with the next refresh
        }
    }

    /** A file path (relative to the Keel home) becomes a file: URI; anything else must be a URL. */
    static String location(String jarOrUrl) {
        URI uri = url(jarOrUrl);
        if (uri != null && !"file".equals(uri.getScheme())) {
            return uri.toString();
        }
        Path file;
        try {
            file = uri == null ? Path.of(jarOrUrl) : Path.of(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a file name or a URL: " + jarOrUrl);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + jarOrUrl + (file.isAbsolute() ? ""
                    : " (a relative path is relative to the Keel home, " + Path.of("").toAbsolutePath() + ")"));
        }
        return file.toAbsolutePath().normalize().toUri().toString();
    }

    /** The URL, or null for a plain path (no scheme, or a one-letter drive such as C:). */
    private static URI url(String s) {
        try {
            URI uri = new URI(s);
            return uri.getScheme() == null || uri.getScheme().length() < 2 ? null : uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    static InputStream open(String jarOrUrl) throws IOException {
        try {
            return new URL(location(jarOrUrl)).openStream();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a URL: " + jarOrUrl);
        }
    }

    static Path fileOf(String location) {
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
