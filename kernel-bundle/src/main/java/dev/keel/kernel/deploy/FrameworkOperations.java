package dev.keel.kernel.deploy;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.FrameworkWiring;

/** The framework side of {@link BundleDeployer}: operations on a thread of their own, start with retries, refresh. */
final class FrameworkOperations {

    /** How long a refresh, a plugin's registration or an uninstall may take. */
    static final Duration SETTLE = Duration.ofSeconds(30);

    private FrameworkOperations() {
    }

    /**
     * Runs a framework operation on a thread of its own and waits for it, bounded.
     * The caller's thread may be interrupted (Ctrl-C in the shell, a closing session
     * or HTTP connection); an update or uninstall must not be cut off half-way by
     * that: Felix gives up on its global lock when the waiting thread is interrupted.
     */
    static <T> T onOwnThread(Supplier<T> operation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                result.complete(operation.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }, "keel-deploy-operation");
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
                if (attempt >= 10 || !lostTheGlobalLock(e)) {
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

    /**
     * Updates the bundle from {@code bytes}, stopping it first (transiently: its
     * persistent start setting stays). The stop runs the live update's drain on
     * the intact old revision: its plugins stop, dependents first, once their
     * calls in flight have finished, while new callers are held. Felix's update
     * then only replaces the revision of a resolved bundle, instead of stopping
     * the active bundle itself under the bundle's lock with SCR deactivating its
     * components meanwhile. The bundle is not started here: the caller refreshes,
     * then starts it. An update that leaves the old revision (refused jar, a
     * failing stop) starts the bundle again before it throws.
     *
     * @throws BundleException when it was not updated (and is running again, if it can)
     */
    static void updateStopped(Bundle b, byte[] bytes) throws BundleException {
        long revision = b.getLastModified();
        try {
            if (b.getState() == Bundle.ACTIVE || b.getState() == Bundle.STARTING) {
                b.stop(Bundle.STOP_TRANSIENT); // a failing stop still leaves it stopped: started again below
            }
            b.update(new ByteArrayInputStream(bytes));
        } catch (BundleException | IllegalStateException e) {
            if (b.getLastModified() != revision) {
                return; // updated; what went wrong after (a lost race for Felix's lock) the refresh and start redo
            }
            try {
                start(b);
            } catch (BundleException | IllegalStateException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    /** Felix's "Unable to acquire global lock for resolve": the operation may be tried again. */
    static boolean lostTheGlobalLock(BundleException e) {
        return e.getMessage() != null && e.getMessage().contains("global lock");
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

    /** Why a bundle does not start, in one line: what it cannot resolve, or the start's exception. */
    static String cannotStart(BundleContext context, Bundle b, Exception e) {
        if (b.getState() == Bundle.INSTALLED) {
            FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
            if (!wiring.resolveBundles(List.of(b))) {
                return "cannot resolve: " + DeployMonitor.missing(b, wiring);
            }
        }
        return e == null ? "its state is " + state(b) : oneLine(e);
    }

    static String state(Bundle b) {
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

    static String oneLine(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m).strip();
    }
}
