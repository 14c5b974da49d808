package dev.keel.kernel.plugin;

import java.util.function.LongSupplier;

import org.osgi.service.component.ComponentException;
import org.osgi.service.log.Logger;

/**
 * A second line of defence behind the configuration validator: SCR may hand the kernel's own components
 * their configuration before the validator is there, so a bad value (or one that is no number) keeps the
 * current value; logged at DEBUG only, so the operator sees the validator's one line.
 */
final class Timeouts {

    private Timeouts() {
    }

    static long positive(Logger log, String key, LongSupplier read, long current, long fallback) {
        long kept = current >= 1 ? current : fallback;
        try {
            long value = read.getAsLong();
            if (value >= 1) {
                return value;
            }
            log.debug("{}: {} = {} not used: must be a whole number of milliseconds of at least 1; keeping {}",
                    PluginManager.PID, key, value, kept);
        } catch (ComponentException e) {
            log.debug("{}: {} not used: {}; keeping {}", PluginManager.PID, key, e.getMessage(), kept);
        }
        return kept;
    }
}
