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

/** The payment plugin as the kernel runs it. */
@Component
@Header(name = "Keel-Migrations", value = "db/migration")
@KeelPlugin(priority = 10)
public final class PaymentPlugin implements Plugin {

    /** The plugin name other plugins and the shell use. */
    public static final String NAME = "payment";

    private final Logger log;
    private final String version;

    @Activate
    public PaymentPlugin(BundleContext context, @Reference(service = LoggerFactory.class) Logger log) {
        this(context.getBundle().getVersion().toString(), log);
    }

    PaymentPlugin(String version, Logger log) {
        this.version = version;
        this.log = log;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public void start() {
        log.info("{} {} started", NAME, version);
    }

    @Override
    public void stop() {
        log.info("{} {} stopped", NAME, version);
    }
}
