package dev.keel.kernel.release;

import java.io.Closeable;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.osgi.service.log.Logger;

import dev.keel.kernel.util.LogText;

/**
 * The shared side of release control on one node: writes a plugin's new {@link SharedPolicy} to the
 * {@link ReleaseStore} with compare-and-set, and hands every state another node wrote to this node's
 * {@link Applier} once, on one thread, in the order the store delivered them. A state this node wrote itself is
 * not handed back: the node applied it already, on the operator's thread.
 */
final class ClusterPolicy implements AutoCloseable {

    /** Applies a state some node wrote to this node's installed versions. */
    interface Applier {
        /** @param replay whether the store held the state before this node started watching */
        void apply(String plugin, SharedPolicy state, boolean replay);
    }

    /** How often an operator's write is tried again when another node changed the entry in between. */
    static final int ATTEMPTS = 10;

    private final ReleaseStore store;
    private final Applier applier;
    private final Logger log;
    /** The highest entry version this node wrote or heard, per plugin. Guarded by {@code this}. */
    private final Map<String, Integer> seen = new HashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "keel-release-cluster");
        t.setDaemon(true);
        return t;
    });
    private final Closeable watch;

    ClusterPolicy(ReleaseStore store, Applier applier, Logger log) throws IOException {
        this.store = store;
        this.applier = applier;
        this.log = log;
        this.watch = store.watch((entry, replay) -> worker.execute(() -> heard(entry, replay)));
    }

    /** This node's id. */
    String node() {
        return store.node();
    }

    /** The plugin's shared state, read from the store now; empty when it has none (or one this node cannot read). */
    Optional<SharedPolicy> current(String plugin) {
        return decode(read(plugin));
    }

    /**
     * Writes an operator's new state, whatever the entry held before (the last operator's action wins); a write
     * that another node's got in before is tried again on the new version.
     *
     * @throws IllegalStateException when the store cannot be reached, or the entry kept changing
     */
    void publish(String plugin, SharedPolicy next) {
        for (int i = 0; i < ATTEMPTS; i++) {
            if (write(plugin, read(plugin).version(), next)) {
                return;
            }
        }
        throw new IllegalStateException("the cluster's release state of " + plugin + " changed " + ATTEMPTS
                + " times while this node wrote it; try again");
    }

    /**
     * Writes {@code next} only if the stored state still passes {@code still}: the one decision of the cluster
     * (of all nodes that try from the same state, one wins).
     *
     * @return whether this node's write won
     */
    boolean decide(String plugin, Predicate<SharedPolicy> still, SharedPolicy next) {
        ReleaseStore.Entry entry = read(plugin);
        Optional<SharedPolicy> now = decode(entry);
        return now.isPresent() && still.test(now.get()) && write(plugin, entry.version(), next);
    }

    @Override
    public void close() {
        try {
            watch.close();
        } catch (IOException | RuntimeException e) {
            log.warn("release: closing the watch of the cluster's release states failed: {}", e.toString());
        }
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Held while writing, so the store's echo of this node's own write waits and is then known. */
    private synchronized boolean write(String plugin, int expected, SharedPolicy next) {
        OptionalInt version;
        try {
            version = store.compareAndSet(plugin, expected, next.encode());
        } catch (IOException e) {
            throw new IllegalStateException("the cluster's release state of " + plugin + " cannot be written: "
                    + e.getMessage(), e);
        }
        version.ifPresent(v -> seen.merge(plugin, v, Math::max));
        return version.isPresent();
    }

    private ReleaseStore.Entry read(String plugin) {
        try {
            return store.read(plugin);
        } catch (IOException e) {
            throw new IllegalStateException("the cluster's release state of " + plugin + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    private void heard(ReleaseStore.Entry entry, boolean replay) {
        synchronized (this) {
            Integer last = seen.get(entry.plugin());
            if (last != null && entry.version() <= last) {
                return;
            }
            seen.put(entry.plugin(), entry.version());
        }
        Optional<SharedPolicy> state = decode(entry);
        if (state.isEmpty()) {
            return;
        }
        try {
            applier.apply(entry.plugin(), state.get(), replay);
        } catch (RuntimeException e) {
            log.error("release: the cluster's {} of {} {} (from {}) could not be applied on this node: {}",
                    state.get().state(), LogText.escape(entry.plugin()), LogText.escape(state.get().version()),
                    LogText.escape(state.get().node()), LogText.escape(String.valueOf(e.getMessage())), e);
        }
    }

    private Optional<SharedPolicy> decode(ReleaseStore.Entry entry) {
        if (entry.version() < 0 || entry.text().isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(SharedPolicy.decode(entry.text()));
        } catch (IllegalArgumentException e) {
            log.warn("release: the cluster's release state of {} is not one this node reads ({}); left alone",
                    LogText.escape(entry.plugin()), LogText.escape(e.getMessage()));
            return Optional.empty();
        }
    }
}
