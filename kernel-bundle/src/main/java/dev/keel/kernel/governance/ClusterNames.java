package dev.keel.kernel.governance;

import org.osgi.framework.ServiceReference;

/**
 * The service properties of clustering: what the kernel puts on the registrations it exports through Remote
 * Service Admin (and what the importing node reads back from the imported service).
 */
final class ClusterNames {

    /** Marks the kernel's export registration of one local provider (never governed again on its own node). */
    static final String EXPORT = "keel.export";
    /** The node that serves an exported provider. */
    static final String NODE = "keel.node";
    /** The plugin name of an exported provider. */
    static final String PLUGIN = "keel.plugin";
    /** The plugin version of an exported provider. */
    static final String VERSION = "keel.plugin.version";
    /** Set by Remote Service Admin on a service it imported (OSGi Remote Services). */
    static final String IMPORTED = "service.imported";
    /** The interfaces to export (OSGi Remote Services). */
    static final String EXPORTED_INTERFACES = "service.exported.interfaces";
    /** The distribution configuration types to export with (OSGi Remote Services). */
    static final String EXPORTED_CONFIGS = "service.exported.configs";
    /** The configuration type of Keel's distribution provider: mutually authenticated TLS (cluster-bundle). */
    static final String CONFIG_TYPE = "keel.tls";

    private ClusterNames() {
    }

    /** The node of an imported provider, or {@code null} for a provider of this node. */
    static String remoteNode(ServiceReference<?> ref) {
        return ref.getProperty(IMPORTED) == null ? null : text(ref, NODE, "unknown");
    }

    static String text(ServiceReference<?> ref, String key, String fallback) {
        Object v = ref.getProperty(key);
        return v == null ? fallback : String.valueOf(v);
    }
}
