package dev.keel.kernel.plugin;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.osgi.service.log.Logger;

/** The registered {@link LifecycleListener}s, each told in turn; one that throws is logged and the rest still hear. */
final class Listeners {

    private final List<LifecycleListener> all = new CopyOnWriteArrayList<>();
    private final Logger log;

    Listeners(Logger log) {
        this.log = log;
    }

    void add(LifecycleListener listener) {
        all.add(listener);
    }

    void remove(LifecycleListener listener) {
        all.remove(listener);
    }

    void registered(ManagedPlugin p) {
        tell(l -> l.registered(p.name, p.bundleId));
    }

    void unregistered(ManagedPlugin p) {
        tell(l -> l.unregistered(p.name, p.bundleId));
    }

    void activating(ManagedPlugin p) {
        tell(l -> l.activating(p.bundleId));
    }

    void stopping(ManagedPlugin p, long deadlineNanos) {
        tell(l -> l.stopping(p.bundleId, deadlineNanos));
    }

    void changed() {
        tell(LifecycleListener::changed);
    }

    private void tell(Consumer<LifecycleListener> event) {
        for (LifecycleListener l : all) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                log.warn("plugin lifecycle listener {} threw {}; ignored", l, PluginDescription.oneLine(e), e);
            }
        }
    }
}
