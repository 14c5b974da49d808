package dev.keel.order.internal;

import org.osgi.annotation.bundle.Header;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import dev.keel.api.KeelPlugin;
import dev.keel.api.Plugin;
import dev.keel.support.plugin.BundlePlugin;

/** The order plugin as the kernel runs it. It requires the user and payment plugins. */
@Component(service = Plugin.class)
@Header(name = "Keel-Migrations", value = "db/migration")
@KeelPlugin(priority = 20, requires = {"user", "payment"})
public final class OrderPlugin extends BundlePlugin {

    /** The plugin name other plugins and the shell use. */
    public static final String NAME = "order";

    private final Outbox outbox;

    @Activate
    public OrderPlugin(BundleContext context, @Reference(service = LoggerFactory.class) Logger log,
            @Reference Outbox outbox) {
        super(NAME, context.getBundle(), log);
        this.outbox = outbox;
    }

    /** Delivers the order events a stop or crash left in the outbox (after the migrations ran). */
    @Override
    public void start() throws Exception {
        super.start();
        outbox.drain();
    }
}
