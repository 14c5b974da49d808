package dev.keel.kernel.release;

import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;

import org.osgi.service.log.Logger;

import dev.keel.kernel.util.LogText;
import dev.keel.kernel.util.Poll;

/**
 * Release control while clustering is on. An operator's canary, promote or rollback on this node is checked
 * against this node's versions (when it runs the plugin), written to the cluster's release state, then applied
 * here; every other node applies it when the store tells it ({@link #apply}). The automatic rollback of a canary
 * is the one node's whose compare-and-set wins ({@link #decideRollback}).
 */
final class ClusterReleases implements ClusterPolicy.Applier, AutoCloseable {

    private static final String EVERYWHERE = " (on every node of the cluster)";

    private final ReleaseOperations operations;
    private final Splits splits;
    private final LongSupplier drainMs;
    private final Logger log;
    private final ReleaseStore store;
    private final ClusterPolicy policy;

    ClusterReleases(ReleaseStore store, ReleaseOperations operations, Splits splits, LongSupplier drainMs, Logger log)
            throws IOException {
        this.store = store;
        this.operations = operations;
        this.splits = splits;
        this.drainMs = drainMs;
        this.log = log;
        this.policy = new ClusterPolicy(store, this, log);
    }

    /** Whether this runs on {@code store}. */
    boolean on(ReleaseStore other) {
        return store == other;
    }

    String canary(String plugin, String version, int weight) {
        boolean here = operations.runs(plugin);
        if (here) {
            operations.checkCanary(plugin, version, weight);
        } else if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight must be from 0 to 100 (percent), not " + weight);
        }
        policy.publish(plugin, SharedPolicy.canary(version, weight, policy.node()));
        if (here) {
            return operations.canary(plugin, version, weight) + EVERYWHERE;
        }
        operations.adoptCanary(plugin, version, weight, policy.node());
        return plugin + " " + version + " now gets " + weight + "% of the traffic on the nodes that run it"
                + " (this node runs no " + plugin + ")";
    }

    String promote(String plugin, String version) {
        String target = version != null ? version : canary(plugin);
        if (target == null) {
            throw new IllegalArgumentException(plugin + " has no canary: name the version to promote");
        }
        boolean here = operations.runs(plugin);
        if (here) {
            operations.checkPromote(plugin, target);
        }
        policy.publish(plugin, SharedPolicy.promoted(target, policy.node()));
        if (here) {
            return operations.promote(plugin, target) + EVERYWHERE;
        }
        splits.remove(plugin);
        return plugin + " " + target + " promoted on the nodes that run it (this node runs no " + plugin + ")";
    }

    String rollback(String plugin) {
        String canary = canary(plugin);
        if (canary == null) {
            throw new IllegalArgumentException(plugin + " has no canary to roll back (keel:releases lists them)");
        }
        policy.publish(plugin, SharedPolicy.rolledBack(canary, "by hand", false, policy.node()));
        if (operations.runs(plugin)) {
            return rollbackHere(plugin, canary, "by hand", false) + EVERYWHERE;
        }
        splits.remove(plugin);
        return plugin + " " + canary + " rolled back on the nodes that run it (this node runs no " + plugin + ")";
    }

    /**
     * The automatic rollback of {@code canary}, for the whole cluster: written only if the shared state is still
     * that canary, so of the nodes that see it fail at once, one decides.
     *
     * @return whether this node decided it (it then rolls back here; the others hear of it from the store)
     */
    boolean decideRollback(String plugin, String canary, String why) {
        return policy.decide(plugin, s -> s.isCanary(canary), SharedPolicy.rolledBack(canary, why, true,
                policy.node()));
    }

    @Override
    public void apply(String plugin, SharedPolicy state, boolean replay) {
        switch (state.state()) {
            case CANARY -> {
                awaitIdle(plugin);
                operations.adoptCanary(plugin, state.version(), state.weight(), state.node());
            }
            case PROMOTED -> {
                // a promote or rollback this node was down for: its installed versions are left as they are
                // (docs/cluster.md, limits); a node that runs nothing of the plugin only forgets the split
                if (replay || !operations.runs(plugin)) {
                    splits.remove(plugin);
                    return;
                }
                awaitIdle(plugin);
                try {
                    operations.checkPromote(plugin, state.version());
                } catch (IllegalArgumentException e) {
                    splits.remove(plugin);
                    log.warn("release: {} promoted {} {}, which this node cannot serve ({}); it keeps its versions",
                            LogText.escape(state.node()), plugin, LogText.escape(state.version()),
                            LogText.escape(e.getMessage()));
                    return;
                }
                operations.promote(plugin, state.version());
            }
            case ROLLED_BACK -> {
                if (replay || !operations.runs(plugin)) {
                    splits.remove(plugin);
                    return;
                }
                awaitIdle(plugin);
                rollbackHere(plugin, state.version(), state.reason() + " (decided on " + state.node() + ")",
                        state.automatic());
            }
        }
    }

    @Override
    public void close() {
        policy.close();
    }

    private String rollbackHere(String plugin, String canary, String reason, boolean automatic) {
        ReleasePolicy.Split split = splits.get(plugin);
        if (split == null || !split.canary().equals(canary)) {
            splits.put(plugin, new ReleasePolicy.Split(canary, 0));
        }
        return operations.rollback(plugin, reason, automatic);
    }

    /** The plugin's canary: the cluster's (read now), else the split this node holds; null when neither has one. */
    private String canary(String plugin) {
        return policy.current(plugin).filter(s -> s.state() == SharedPolicy.State.CANARY).map(SharedPolicy::version)
                .orElseGet(() -> {
                    ReleasePolicy.Split split = splits.get(plugin);
                    return split == null ? null : split.canary();
                });
    }

    /** Lets an operation on the plugin that runs on this node end before a state from another node is applied. */
    private void awaitIdle(String plugin) {
        Duration bound = Duration.ofMillis(Math.max(0, drainMs.getAsLong()) + 10_000);
        if (!Poll.until(() -> !operations.busy(plugin), bound)) {
            log.warn("release: an operation on {} still runs after {} ms; the cluster's state is applied anyway",
                    plugin, bound.toMillis());
        }
    }
}
