package dev.keel.kernel.plugin;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.log.Logger;

/** The registered {@link PluginPreparation}s: what a plugin still waits for, and the work before its start(). */
final class Preparations {

    private final List<PluginPreparation> all = new CopyOnWriteArrayList<>();
    private final Logger log;

    Preparations(Logger log) {
        this.log = log;
    }

    void add(PluginPreparation preparation) {
        all.add(preparation);
    }

    void remove(PluginPreparation preparation) {
        all.remove(preparation);
    }

    /** What the first preparation that is not ready waits for; {@code null} when all are ready. */
    String notReady(ManagedPlugin p) {
        if (p.bundle == null) {
            return null;
        }
        for (PluginPreparation preparation : all) {
            try {
                String why = preparation.notReady(p.bundle);
                if (why != null) {
                    return why;
                }
            } catch (RuntimeException e) {
                log.warn("plugin {}: preparation check threw {}; ignored", p, PluginDescription.oneLine(e), e);
            }
        }
        return null;
    }

    /** Runs every preparation for the plugin; on the plugin's worker thread. */
    void prepare(ManagedPlugin p) throws Failed {
        if (p.bundle == null) {
            return;
        }
        for (PluginPreparation preparation : all) {
            try {
                preparation.prepare(p.bundle, p.name, p.version);
            } catch (Exception e) {
                throw new Failed(e);
            }
        }
    }

    /** A preparation failed: its message (first line) is the plugin's failure. */
    static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;

        Failed(Exception cause) {
            super(cause.getMessage() == null ? PluginDescription.oneLine(cause)
                    : cause.getMessage().lines().findFirst().orElse(PluginDescription.oneLine(cause)), cause);
        }
    }
}
