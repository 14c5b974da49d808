package dev.keel.kernel.config;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;

/**
 * Validates every configuration against the Metatype definition of its PID
 * before ConfigAdmin hands it to a component (SCR asks for the processed
 * properties, so it only ever sees what passed). A bad value is replaced by
 * the last good one, or removed so the default applies; an unknown key is
 * removed. Each rejection is logged once, naming file, key, value and what is
 * allowed, and kept for {@code keel:config <pid>}.
 * <p>
 * A configuration ConfigAdmin handed out before this plugin was registered
 * (a start-up race) is updated once with its own properties as soon as both
 * are there, so it passes through the plugin too.
 */
@Component(service = {ConfigurationPlugin.class, ConfigurationListener.class, ConfigValidator.class}, immediate = true,
        configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConfigurationPlugin.CM_RANKING + ":Integer=1000", "config.plugin.id=" + ConfigValidator.PLUGIN_ID})
public final class ConfigValidator implements ConfigurationPlugin, ConfigurationListener {

    /** The {@code config.plugin.id}: {@code felix.cm.config.plugins} may name it to make ConfigAdmin wait for it. */
    public static final String PLUGIN_ID = "keel.config.validator";

    /** The property FileInstall records a configuration's file in. */
    public static final String FILENAME = "felix.fileinstall.filename";

    private final Definitions definitions;
    private final Logger log;
    private final Map<String, Map<String, Object>> lastGood = new HashMap<>();
    private final Map<String, List<Rejection>> rejections = new HashMap<>();
    private final Map<String, Set<String>> logged = new HashMap<>();

    private final ExecutorService recheck = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "keel-config-recheck");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public ConfigValidator(@Reference MetaTypeService metaType, BundleContext context,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.definitions = new Definitions(metaType, context);
        this.log = log;
    }

    @Deactivate
    void deactivate() {
        recheck.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindConfigurationAdmin(ConfigurationAdmin configAdmin) {
        recheck.execute(() -> recheck(configAdmin));
    }

    void unbindConfigurationAdmin(ConfigurationAdmin configAdmin) {
        // nothing held
    }

    /** Re-delivers every defined configuration this plugin has not processed yet and that has a bad value. */
    private void recheck(ConfigurationAdmin configAdmin) {
        try {
            Configuration[] all = configAdmin.listConfigurations(null);
            for (Configuration c : all == null ? new Configuration[0] : all) {
                long changes = c.getChangeCount();
                Dictionary<String, Object> props = c.getProperties();
                boolean seen;
                synchronized (this) {
                    seen = lastGood.containsKey(c.getPid());
                }
                if (props == null || seen) {
                    continue;
                }
                boolean factory = c.getFactoryPid() != null;
                Optional<Definition> d = definitions.find(factory ? c.getFactoryPid() : c.getPid(), factory, null);
                Hashtable<String, Object> copy = new Hashtable<>();
                for (String k : Collections.list(props.keys())) {
                    copy.put(k, props.get(k));
                }
                // written back only when nobody changed it since it was read: writing an older
                // snapshot back would undo that change
                if (d.isPresent() && !ConfigCheck.apply(d.get().ocd(), copy, new HashMap<>()).isEmpty()
                        && c.getChangeCount() == changes) {
                    c.update(props);
                }
            }
        } catch (IOException | InvalidSyntaxException | IllegalStateException e) {
            log.warn("could not re-check the configurations handed out before the validator started: {}", e.toString());
        }
    }

    @Override
    public void modifyConfiguration(ServiceReference<?> target, Dictionary<String, Object> props) {
        String pid = (String) props.get(Constants.SERVICE_PID);
        String factoryPid = (String) props.get(ConfigurationAdmin.SERVICE_FACTORYPID);
        Optional<Definition> definition = definitions.find(factoryPid != null ? factoryPid : pid, factoryPid != null,
                target == null ? null : target.getBundle());
        if (definition.isEmpty() || pid == null) {
            return;
        }
        String source = source(pid, props.get(FILENAME));
        synchronized (this) {
            List<Rejection> found = ConfigCheck.apply(definition.get().ocd(), props,
                    lastGood.computeIfAbsent(pid, p -> new HashMap<>()));
            Set<String> now = new LinkedHashSet<>();
            Set<String> before = logged.getOrDefault(pid, Set.of());
            for (Rejection r : found) {
                String signature = r.key() + "=" + r.valueText();
                now.add(signature);
                if (!before.contains(signature)) {
                    log.error("{}: {}", source, r);
                }
            }
            logged.put(pid, now);
            rejections.put(pid, List.copyOf(found));
        }
    }

    /** A deleted configuration has nothing rejected, and no last good values to fall back on. */
    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (event.getType() == ConfigurationEvent.CM_DELETED) {
            synchronized (this) {
                lastGood.remove(event.getPid());
                rejections.remove(event.getPid());
                logged.remove(event.getPid());
            }
        }
    }

    /** The values of the PID's current configuration that were rejected. */
    public synchronized List<Rejection> rejections(String pid) {
        return rejections.getOrDefault(pid, List.of());
    }

    /** The definition designated for a PID (or factory PID), if any bundle has one. */
    public Optional<Definition> definition(String pid, boolean factory) {
        return definitions.find(pid, factory, null);
    }

    /** Every PID with a Metatype definition. */
    public Map<String, Definition> definitions() {
        return definitions.all();
    }

    /**
     * Checks one value as the plugin would.
     *
     * @return {@code null} when it is allowed, else the reason
     */
    public String check(Definition definition, String key, Object value) {
        AttributeDefinition ad = ConfigCheck.definition(definition.ocd(), key);
        if (ad == null) {
            return "unknown key; known keys: " + ConfigCheck.known(definition.ocd());
        }
        return ValueCheck.problem(ad, value);
    }

    /** Where a configuration comes from: its file relative to the working directory, or its PID. */
    static String source(String pid, Object filename) {
        if (filename == null) {
            return "configuration " + pid + " (no file)";
        }
        try {
            Path file = Path.of(URI.create(filename.toString()));
            Path cwd = Path.of("").toAbsolutePath();
            return file.startsWith(cwd) ? cwd.relativize(file).toString() : file.toString();
        } catch (IllegalArgumentException e) {
            return filename.toString();
        }
    }
}
