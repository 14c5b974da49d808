package dev.keel.kernel.governance;

import java.util.Map;

/**
 * Kernel-internal: this node is part of a cluster (registered by {@code dev.keel.kernel.cluster} while clustering
 * is on). While one is registered, governance exports every ACTIVE local provider of a contract through OSGi Remote
 * Services ({@link ClusterExports}).
 */
public interface ClusterRole {

    /** This node's id, as other nodes see it ({@code keel:nodes}, the version label of remote call meters). */
    String node();

    /** Distribution properties put on every export (the TCP provider's address and its socket timeout). */
    Map<String, Object> exportProperties();
}
