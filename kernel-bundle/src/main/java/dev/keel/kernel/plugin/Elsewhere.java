package dev.keel.kernel.plugin;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** The registered {@link RemotePlugins}: whether a required plugin name is served on another node. */
final class Elsewhere implements Predicate<String> {

    private final List<RemotePlugins> all = new CopyOnWriteArrayList<>();

    void add(RemotePlugins remote) {
        all.add(remote);
    }

    void remove(RemotePlugins remote) {
        all.remove(remote);
    }

    @Override
    public boolean test(String name) {
        for (RemotePlugins r : all) {
            if (r.serves(name)) {
                return true;
            }
        }
        return false;
    }
}
