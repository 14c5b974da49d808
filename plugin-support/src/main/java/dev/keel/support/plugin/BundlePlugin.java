package dev.keel.support.plugin;

import java.util.Objects;

import org.osgi.framework.Bundle;
import org.osgi.service.log.Logger;

import dev.keel.api.Plugin;

/**
 * The {@link Plugin} service of a business bundle, written once: the plugin's
 * name, its bundle's version, and one log line on start and on stop. A plugin
 * class extends it and adds only its Declarative Services annotations and an
 * {@code @Activate} constructor:
 *
 * <pre>
 * &#64;Component(service = Plugin.class)
 * &#64;Header(name = "Keel-Migrations", value = "db/migration")
 * &#64;KeelPlugin(priority = 10)
 * public final class UserPlugin extends BundlePlugin {
 *     &#64;Activate
 *     public UserPlugin(BundleContext context, &#64;Reference(service = LoggerFactory.class) Logger log) {
 *         super("user", context.getBundle(), log);
 *     }
 * }
 * </pre>
 *
 * ({@code service = Plugin.class} is needed: DS registers only the interfaces
 * a component class implements itself.)
 */
public abstract class BundlePlugin implements Plugin {

    /**
     * The filter of the kernel's DataSource, as plugin stores take it:
     * {@code @Reference(target = BundlePlugin.DATASOURCE) DataSource db}.
     */
    public static final String DATASOURCE = "(keel.datasource=default)";

    private final String name;
    private final String version;
    private final Logger log;

    /** A plugin named {@code name} at the version of {@code bundle}. */
    protected BundlePlugin(String name, Bundle bundle, Logger log) {
        this(name, bundle.getVersion().toString(), log);
    }

    /** A plugin named {@code name} at {@code version}. */
    protected BundlePlugin(String name, String version, Logger log) {
        this.name = Objects.requireNonNull(name, "name");
        this.version = Objects.requireNonNull(version, "version");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String version() {
        return version;
    }

    @Override
    public void start() throws Exception {
        log.info("{} {} started", name, version);
    }

    @Override
    public void stop() throws Exception {
        log.info("{} {} stopped", name, version);
    }
}
