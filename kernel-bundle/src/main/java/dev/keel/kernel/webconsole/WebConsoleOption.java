package dev.keel.kernel.webconsole;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.keel.kernel.deploy.FolderBundles;
import dev.keel.kernel.util.LogText;

/**
 * The Felix Web Console as an option of the distribution (PID {@code keel.webconsole}, off by default). On: installs
 * and starts the bundles of {@code webconsole/}, which serve {@code /system/console} to operators with the role
 * {@code admin}, logged in as on {@code /admin} (Keel's security provider for the Web Console, which the framework
 * property {@code felix.webconsole.security.providers=keel} makes the Web Console wait for). Off: none of it is
 * loaded, and {@code /system/console} is 404.
 */
@Component(service = {}, immediate = true, configurationPid = WebConsoleOption.PID)
@Designate(ocd = WebConsoleOption.Config.class)
public final class WebConsoleOption {

    /** Configuration PID: {@code etc/keel.webconsole.cfg}. */
    public static final String PID = "keel.webconsole";

    /** Whether the Web Console runs. */
    @ObjectClassDefinition(name = "Keel Felix Web Console", description = "The Apache Felix Web Console at "
            + "/system/console, for OSGi-level inspection, for operators with the role admin (same users and "
            + "login as /admin); see docs/console.md.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Serve the Felix Web Console at /system/console. "
                + "Off: its bundles are not loaded.")
        boolean enabled() default false;
    }

    private final Logger log;
    private final FolderBundles bundles;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "keel-webconsole");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public WebConsoleOption(BundleContext context, Config config,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.log = log;
        String home = context.getProperty("keel.home");
        Path base = Path.of(home == null || home.isBlank() ? System.getProperty("user.dir") : home);
        // install order: the folder's file names
        this.bundles = new FolderBundles(context, base.resolve("webconsole"), "the distribution's Web Console bundles",
                (a, b) -> 0);
        modified(config);
    }

    @Modified
    void modified(Config config) {
        worker.execute(() -> apply(config.enabled()));
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        worker.shutdown();
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }

    private void apply(boolean enabled) {
        if (!enabled) {
            // also after a restart with it turned off: the framework's cache still holds them (not started)
            try {
                if (bundles.stop() > 0) {
                    log.info("webconsole: off; its bundles are uninstalled");
                }
            } catch (Exception e) {
                log.warn("webconsole: off, but its bundles could not be uninstalled: {}", LogText.escape(e.toString()));
            }
            return;
        }
        try {
            List<Bundle> started = bundles.start();
            log.info("webconsole: on, {} bundles from {}; /system/console for the role admin", started.size(),
                    bundles.folder());
        } catch (Exception e) {
            log.error("webconsole: cannot start: {}", LogText.escape(e.toString()));
        }
    }
}
