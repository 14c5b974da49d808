package dev.keel.kernel.log;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.log.admin.LoggerAdmin;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;

/**
 * Applies the levels of {@code keel.log} ({@code level.root},
 * {@code level.<plugin>}) through the OSGi LoggerAdmin: the root context for
 * {@code root}, the logger context of the plugin's bundle (its symbolic name)
 * for a plugin; a name that is no plugin is taken as a bundle symbolic name.
 * A plugin registered later gets its level when it registers.
 */
@Component(service = {LogLevels.class, EventHandler.class}, immediate = true, configurationPid = LogSink.PID,
        property = EventConstants.EVENT_TOPIC + "=" + PluginState.TOPIC_PREFIX + "NEW")
public final class LogLevels implements EventHandler {

    /** Key prefix of a level in {@code keel.log}. */
    public static final String PREFIX = "level.";
    /** The name that stands for every bundle without a level of its own. */
    public static final String ROOT = "root";

    private final LoggerAdmin admin;
    private final PluginRuntime runtime;
    private final BundleContext context;
    private final Logger log;
    private Map<String, LogLevel> configured = Map.of();
    private final Set<String> applied = new HashSet<>();

    @Activate
    public LogLevels(Map<String, Object> props, @Reference LoggerAdmin admin, @Reference PluginRuntime runtime,
            BundleContext context, @Reference(service = LoggerFactory.class) Logger log) {
        this.admin = admin;
        this.runtime = runtime;
        this.context = context;
        this.log = log;
        modified(props);
    }

    @Modified
    synchronized void modified(Map<String, Object> props) {
        Map<String, LogLevel> levels = new TreeMap<>();
        props.forEach((key, value) -> {
            if (key.startsWith(PREFIX) && key.length() > PREFIX.length()) {
                LogLevel level = parse(value);
                if (level == null) {
                    log.warn("keel.log: {}={} is not a log level; ignored", key, value);
                } else {
                    levels.put(key.substring(PREFIX.length()), level);
                }
            }
        });
        configured = levels;
        apply();
    }

    @Override
    public void handleEvent(Event event) {
        Object name = event.getProperty("plugin.name");
        synchronized (this) {
            if (name != null && configured.containsKey(name.toString())) {
                apply();
            }
        }
    }

    /** The configured levels by name ({@code root}, plugin names, bundle symbolic names). */
    public synchronized Map<String, LogLevel> configured() {
        return configured;
    }

    /** The level in effect for the root and for each plugin, by name. */
    public Map<String, LogLevel> effective() {
        Map<String, LogLevel> out = new LinkedHashMap<>();
        out.put(ROOT, admin.getLoggerContext(null).getEffectiveLogLevel(Logger.ROOT_LOGGER_NAME));
        for (PluginStatus p : runtime.plugins()) {
            String bsn = symbolicName(p.bundleId());
            if (bsn != null) {
                out.putIfAbsent(p.name(), admin.getLoggerContext(bsn)
                        .getEffectiveLogLevel(Logger.ROOT_LOGGER_NAME));
            }
        }
        return out;
    }

    /** A level by name, in any case; {@code null} when it is none. */
    public static LogLevel parse(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return LogLevel.valueOf(value.toString().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void apply() {
        Map<String, LogLevel> byBundle = new HashMap<>();
        LogLevel root = null;
        List<PluginStatus> plugins = runtime.plugins();
        for (Map.Entry<String, LogLevel> e : configured.entrySet()) {
            if (e.getKey().equals(ROOT)) {
                root = e.getValue();
                continue;
            }
            boolean plugin = false;
            for (PluginStatus p : plugins) {
                String bsn = p.name().equals(e.getKey()) ? symbolicName(p.bundleId()) : null;
                if (bsn != null) {
                    byBundle.put(bsn, e.getValue());
                    plugin = true;
                }
            }
            if (!plugin) {
                byBundle.putIfAbsent(e.getKey(), e.getValue());
            }
        }
        admin.getLoggerContext(null).setLogLevels(root == null ? Map.of()
                : Map.of(Logger.ROOT_LOGGER_NAME, root));
        for (String bsn : applied) {
            if (!byBundle.containsKey(bsn)) {
                admin.getLoggerContext(bsn).setLogLevels(Map.of());
            }
        }
        byBundle.forEach((bsn, level) -> admin.getLoggerContext(bsn)
                .setLogLevels(Map.of(Logger.ROOT_LOGGER_NAME, level)));
        applied.clear();
        applied.addAll(byBundle.keySet());
    }

    private String symbolicName(long bundleId) {
        Bundle b = context.getBundle(bundleId);
        return b == null ? null : b.getSymbolicName();
    }
}
