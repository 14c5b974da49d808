package dev.keel.kernel.plugin;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.Logger;

import dev.keel.api.KeelPlugin;
import dev.keel.api.Plugin;

/**
 * Reads what a {@link Plugin} service says of itself: name and version (from
 * the plugin, else its bundle), {@code keel.plugin.priority} and
 * {@code keel.plugin.requires} (from its service properties).
 */
final class PluginDescription {

    private PluginDescription() {
    }

    static ManagedPlugin describe(ServiceReference<Plugin> ref, Plugin plugin, Logger log) {
        Bundle bundle = ref.getBundle();
        String bsn = bundle.getSymbolicName();
        String name;
        String version;
        try {
            name = plugin.name();
            version = plugin.version();
        } catch (RuntimeException e) {
            name = bsn;
            version = bundle.getVersion().toString();
            log.error("plugin service {} from bundle {}: name()/version() threw {}", serviceId(ref), bsn, oneLine(e), e);
        }
        if (name == null || name.isBlank()) {
            name = bsn;
        }
        ManagedPlugin managed = new ManagedPlugin(serviceId(ref), plugin, name, version == null ? "0.0.0" : version,
                bundle.getBundleId(), bsn, bundle.getLocation(), priority(ref), requires(ref));
        managed.bundle = bundle;
        return managed;
    }

    static long serviceId(ServiceReference<?> ref) {
        return (Long) ref.getProperty(Constants.SERVICE_ID);
    }

    static int priority(ServiceReference<?> ref) {
        Object value = ref.getProperty(KeelPlugin.PRIORITY);
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                return KeelPlugin.DEFAULT_PRIORITY;
            }
        }
        return KeelPlugin.DEFAULT_PRIORITY;
    }

    static List<String> requires(ServiceReference<?> ref) {
        Object value = ref.getProperty(KeelPlugin.REQUIRES);
        List<String> out = new ArrayList<>();
        if (value instanceof String[] names) {
            for (String n : names) {
                addNames(out, n);
            }
        } else if (value instanceof Iterable<?> names) {
            names.forEach(n -> addNames(out, String.valueOf(n)));
        } else if (value != null) {
            addNames(out, value.toString());
        }
        return out;
    }

    private static void addNames(List<String> out, String names) {
        for (String n : names.split(",")) {
            if (!n.isBlank() && !out.contains(n.trim())) {
                out.add(n.trim());
            }
        }
    }

    /** The exception's class and the first line of its message. */
    static String oneLine(Throwable t) {
        if (t == null) {
            return "";
        }
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }
}
