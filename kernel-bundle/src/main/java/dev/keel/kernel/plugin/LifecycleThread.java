package dev.keel.kernel.plugin;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.log.Logger;

/**
 * The one thread every plugin state change runs on ({@code keel-lifecycle}),
 * and the worker pool the plugins' own {@code start()}/{@code stop()} run on,
 * so a plugin that hangs cannot block the kernel.
 */
final class LifecycleThread {

    private final Logger log;
    private final ExecutorService lifecycle;
    private final ExecutorService workers;
    private volatile Thread thread;
    private volatile boolean closed;

    LifecycleThread(Logger log) {
        this.log = log;
        this.lifecycle = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "keel-lifecycle");
            t.setDaemon(true);
            thread = t;
            return t;
        });
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "keel-plugin-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    boolean closed() {
        return closed;
    }

    /** Queues a task; {@code false} when the kernel is closing. */
    boolean submit(Runnable task) {
        if (closed) {
            return false;
        }
        lifecycle.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("plugin lifecycle task failed: {}", PluginDescription.oneLine(e), e);
            }
        });
        return true;
    }

    /** Runs a task on the lifecycle thread and waits, at most {@code boundMs}, so the caller sees its effect. */
    void runAndWait(Callable<Void> task, long boundMs) {
        if (closed) {
            return;
        }
        if (Thread.currentThread() == thread) {
            try {
                task.call();
            } catch (Exception e) {
                log.error("plugin lifecycle task failed: {}", PluginDescription.oneLine(e), e);
            }
            return;
        }
        Future<Void> f = lifecycle.submit(task);
        try {
            f.get(boundMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.error("plugin lifecycle did not finish within {} ms; going on", boundMs);
        } catch (ExecutionException e) {
            log.error("plugin lifecycle task failed: {}", PluginDescription.oneLine(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits, bounded, until everything queued so far has run. */
    boolean awaitIdle(Duration timeout) {
        if (closed || Thread.currentThread() == thread) {
            return true;
        }
        try {
            lifecycle.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException | RejectedExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a plugin's own code ({@code start()}, {@code stop()}) on a worker. */
    <T> Future<T> onWorker(Callable<T> work) {
        return workers.submit(work);
    }

    void close() {
        closed = true;
        lifecycle.shutdown();
        workers.shutdown();
    }
}
