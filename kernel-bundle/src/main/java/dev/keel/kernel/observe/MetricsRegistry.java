package dev.keel.kernel.observe;

import java.io.IOException;
import java.io.OutputStream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The kernel's one Prometheus registry behind {@code /metrics}, with the
 * plugin states and the JVM (memory, threads, GC, ...). Other packages
 * register their own meters in it (governance: calls and breakers).
 */
@Component(service = MetricsRegistry.class)
public final class MetricsRegistry {

    /** 1 for the state each plugin version is in. */
    public static final String PLUGIN_STATE = "keel_plugin_state";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final boolean jvm;
    private volatile boolean jvmRegistered;

    @Activate
    public MetricsRegistry(@Reference PluginRuntime runtime) {
        this(runtime, true);
    }

    /** For tests and benchmarks: {@code jvm} false leaves the JVM collectors out. */
    public MetricsRegistry(PluginRuntime runtime, boolean jvm) {
        this.jvm = jvm;
        GaugeWithCallback.builder().name(PLUGIN_STATE)
                .help("1 for the state each plugin version is in")
                .labelNames("plugin", "version", "state")
                .callback(cb -> {
                    for (PluginStatus p : runtime.plugins()) {
                        for (PluginState s : PluginState.values()) {
                            cb.call(p.state() == s ? 1 : 0, p.name(), p.version(), s.name());
                        }
                    }
                }).register(registry);
    }

    /** The registry to register meters in (and to unregister them from when their owner goes). */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Writes every metric in the Prometheus text format 0.0.4. */
    public void write(OutputStream out) throws IOException {
        jvmMetrics();
        new PrometheusTextFormatWriter(false).write(out, registry.scrape());
    }

    /**
     * Registers the JVM metrics on the first scrape, not at start: they bring up
     * JMX and a few hundred classes that the start path does not need.
     */
    private void jvmMetrics() {
        if (jvm && !jvmRegistered) {
            synchronized (this) {
                if (!jvmRegistered) {
                    JvmMetrics.builder().register(registry);
                    jvmRegistered = true;
                }
            }
        }
    }
}
