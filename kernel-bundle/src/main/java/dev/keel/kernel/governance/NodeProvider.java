package dev.keel.kernel.governance;

/**
 * One provider of a contract as {@code keel:nodes} shows it.
 *
 * @param node the node that serves it (this node's id for a local provider)
 * @param remote whether it is imported from another node
 * @param contract the contract interface
 * @param plugin the plugin name
 * @param version the plugin version
 * @param active whether it may serve calls now
 * @param exported whether this node exports it (a local provider while clustering is on)
 */
public record NodeProvider(String node, boolean remote, String contract, String plugin, String version,
        boolean active, boolean exported) {
}
