package dev.keel.bench.gateway;

import org.osgi.service.component.annotations.Component;

import dev.keel.api.KeelPlugin;
import dev.keel.api.Plugin;

/** The benchmark's plugin: serves {@code /api/bench/ping}. */
@Component
@KeelPlugin(priority = 50)
public final class BenchPlugin implements Plugin {

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public void start() {
        // nothing to open
    }

    @Override
    public void stop() {
        // nothing to close
    }
}
