package dev.keel.payment.internal;

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

/** The payment plugin as the kernel runs it. */
@Component(service = Plugin.class)
@Header(name = "Keel-Migrations", value = "db/migration")
@KeelPlugin(priority = 10)
public final class PaymentPlugin extends BundlePlugin {

    /** The plugin name other plugins and the shell use. */
    public static final String NAME = "payment";

    @Activate
    public PaymentPlugin(BundleContext context, @Reference(service = LoggerFactory.class) Logger log) {
        super(NAME, context.getBundle(), log);
    }
}
