package dev.keel.kernel.log;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import dev.keel.api.Plugin;
import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginStatus;

/** Which plugin (name, version) a bundle registered, from a snapshot of the plugin runtime refreshed as needed. */
final class PluginIdentity {

    /** A plugin's name and version. */
    record Id(String name, String version) {
    }

    private static final long REFRESH_NANOS = 2_000_000_000L;

    private final Supplier<PluginRuntime> runtime;
    private volatile Map<Long, Id> byBundle = Map.of();
    private volatile long refreshedAt = System.nanoTime() - REFRESH_NANOS;

    PluginIdentity(Supplier<PluginRuntime> runtime) {
        this.runtime = runtime;
    }

    /**
     * The plugin the bundle registered, or {@code null}. The snapshot is
     * refreshed every 2 s, and at once for a bundle that registers a Plugin
     * service the snapshot does not know yet (a plugin that just came).
     */
    Id lookup(Bundle bundle) {
        Id id = byBundle.get(bundle.getBundleId());
        if (System.nanoTime() - refreshedAt > REFRESH_NANOS || (id == null && registersPlugin(bundle))) {
            refresh();
            id = byBundle.get(bundle.getBundleId());
        }
        return id;
    }

    static boolean registersPlugin(Bundle bundle) {
        ServiceReference<?>[] refs;
        try {
            refs = bundle.getRegisteredServices();
        } catch (IllegalStateException uninstalled) {
            return false;
        }
        for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
            Object classes = ref.getProperty(Constants.OBJECTCLASS);
            if (classes instanceof String[] names && Arrays.asList(names).contains(Plugin.class.getName())) {
                return true;
            }
        }
        return false;
    }

    private void refresh() {
        refreshedAt = System.nanoTime();
        PluginRuntime rt = runtime.get();
        if (rt == null) {
            return;
        }
        Map<Long, Id> map = new HashMap<>();
        try {
            for (PluginStatus p : rt.plugins()) {
                map.putIfAbsent(p.bundleId(), new Id(p.name(), p.version()));
            }
        } catch (RuntimeException e) {
            return; // the runtime is going away: keep the last snapshot
        }
        byBundle = Map.copyOf(map);
    }
}
