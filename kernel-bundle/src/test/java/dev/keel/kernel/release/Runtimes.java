package dev.keel.kernel.release;

import java.util.List;
import java.util.Optional;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginStatus;

/** A {@link PluginRuntime} that only lists the plugins it was given (release tests). */
final class Runtimes {

    private Runtimes() {
    }

    static PluginRuntime of(List<PluginStatus> plugins) {
        return new PluginRuntime() {
            @Override
            public List<PluginStatus> plugins() {
                return plugins;
            }

            @Override
            public Optional<PluginStatus> plugin(String name) {
                return plugins.stream().filter(p -> p.name().equals(name)).findFirst();
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
