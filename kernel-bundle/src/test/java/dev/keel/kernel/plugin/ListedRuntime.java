package dev.keel.kernel.plugin;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginStatus;

/** A {@link PluginRuntime} for unit tests that only lists the plugins its supplier gives (it starts and stops none). */
public final class ListedRuntime {

    private ListedRuntime() {
    }

    /** The plugins {@code plugins} gives, asked anew on every call. */
    public static PluginRuntime of(Supplier<List<PluginStatus>> plugins) {
        return new PluginRuntime() {
            @Override
            public List<PluginStatus> plugins() {
                return plugins.get();
            }

            @Override
            public Optional<PluginStatus> plugin(String name) {
                return plugins().stream().filter(p -> p.name().equals(name)).findFirst();
            }

            @Override
            public PluginStatus start(String name) {
                throw new UnsupportedOperationException();
            }

            @Override
            public PluginStatus stop(String name) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
