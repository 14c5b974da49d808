package dev.keel.kernel.governance;

import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Where the contract interface of an imported service comes from: Remote Service Admin registers it from its own
 * bundle, which imports no business package, so the interface is loaded from the bundle that exports the
 * contract's package at the major version the exporting node used ({@code endpoint.package.version.<pkg>}).
 */
final class ContractTypes {

    private ContractTypes() {
    }

    /** The interface of an imported service, or {@code null} when no bundle of this node exports it. */
    static Class<?> imported(BundleContext kernel, ServiceReference<?> ref, String name) {
        int dot = name.lastIndexOf('.');
        String pkg = name.substring(0, dot);
        Object declared = ref.getProperty("endpoint.package.version." + pkg);
        Version wanted = declared == null ? null : Version.parseVersion(String.valueOf(declared));
        Bundle best = null;
        Version bestVersion = null;
        for (Bundle b : kernel.getBundles()) {
            BundleWiring wiring = b.adapt(BundleWiring.class);
            if (wiring == null) {
                continue;
            }
            List<BundleCapability> caps = wiring.getCapabilities(BundleRevision.PACKAGE_NAMESPACE);
            for (BundleCapability cap : caps) {
                if (!pkg.equals(cap.getAttributes().get(BundleRevision.PACKAGE_NAMESPACE))) {
                    continue;
                }
                Version v = (Version) cap.getAttributes().get("version");
                boolean fits = wanted == null || (v != null && v.getMajor() == wanted.getMajor());
                if (fits && (bestVersion == null || (v != null && v.compareTo(bestVersion) > 0))) {
                    best = b;
                    bestVersion = v;
                }
            }
        }
        if (best == null) {
            return null;
        }
        try {
            return best.loadClass(name);
        } catch (ClassNotFoundException | IllegalStateException e) {
            return null;
        }
    }

    /** The context of the bundle that defines a contract interface, or {@code null}. */
    static BundleContext definerContext(Class<?> type) {
        Bundle b = type == null ? null : FrameworkUtil.getBundle(type);
        return b == null ? null : b.getBundleContext();
    }
}
