package ${package};

import org.osgi.annotation.bundle.Header;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import dev.keel.api.KeelPlugin;
import dev.keel.api.Plugin;

/**
 * The plugin as the kernel runs it: started once the user plugin (whose
 * contract it calls) is ACTIVE and its migrations ({@code Keel-Migrations})
 * have run; stopped, drained, when its bundle is updated.
 */
@Component(service = Plugin.class)
@KeelPlugin(priority = 50, requires = {"user"})
@Header(name = "Keel-Migrations", value = "db/migration")
public final class ItemsPlugin implements Plugin {

    private final String version;
    private final Logger log;

    @Activate
    public ItemsPlugin(BundleContext context, @Reference(service = LoggerFactory.class) Logger log) {
        this.version = context.getBundle().getVersion().toString();
        this.log = log;
    }

    @Override
    public String name() {
        return Items.NAME;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public void start() {
        log.info("{} {} started", Items.NAME, version);
    }

    @Override
    public void stop() {
        log.info("{} {} stopped", Items.NAME, version);
    }
}
