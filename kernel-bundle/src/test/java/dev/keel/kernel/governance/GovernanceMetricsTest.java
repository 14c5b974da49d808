package dev.keel.kernel.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.observe.MetricsRegistry;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;

class GovernanceMetricsTest {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$");

    @Test
    void everyNameIsAValidPrometheusNameInTheKeelNamespace() {
        for (String name : List.of(GovernanceMetrics.SERVICE_CALLS, GovernanceMetrics.SERVICE_ERRORS,
                GovernanceMetrics.SERVICE_DURATION, GovernanceMetrics.HTTP_REQUESTS, GovernanceMetrics.HTTP_ERRORS,
                GovernanceMetrics.HTTP_DURATION, MetricsRegistry.PLUGIN_STATE, GovernanceMetrics.BREAKER_STATE,
                GovernanceMetrics.BREAKER_FAILURE_RATE)) {
            assertTrue(PrometheusNaming.isValidMetricName(name), name);
            assertTrue(name.startsWith("keel_"), name);
            assertTrue(!name.endsWith("_total"), name + ": the exposition adds _total to counters");
        }
        assertTrue(GovernanceMetrics.SERVICE_DURATION.endsWith("_seconds"));
        assertTrue(GovernanceMetrics.HTTP_DURATION.endsWith("_seconds"));
    }

    @Test
    void theExpositionIsWellFormedTextWithPluginStatesAndJvmMetrics() throws Exception {
        PluginStatus payment = new PluginStatus("payment", "1.0.0", 31, "file:p.jar", 10, List.of(),
                PluginState.ACTIVE, Instant.now(), List.of(), null);
        PluginRuntime runtime = GovernorTest.stub(PluginRuntime.class, List.of(payment));
        MetricsRegistry registry = new MetricsRegistry(runtime, true);
        GovernanceMetrics metrics = new GovernanceMetrics(registry);
        metrics.meters(GovernanceMetrics.Kind.SERVICE, "payment", "1.0.0", "PaymentService", "charge").calls.inc();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        registry.write(out);
        String text = out.toString(StandardCharsets.UTF_8);

        assertTrue(text.contains("keel_plugin_state{plugin=\"payment\",state=\"ACTIVE\",version=\"1.0.0\"} 1"), text);
        assertTrue(text.contains("keel_plugin_state{plugin=\"payment\",state=\"FAILED\",version=\"1.0.0\"} 0"), text);
        assertTrue(text.contains("# TYPE keel_service_call_duration_seconds histogram"), text);
        assertTrue(text.contains("jvm_memory_used_bytes"), text);
        assertTrue(text.contains("jvm_threads_current"), text);
        assertTrue(text.contains("jvm_gc_collection_seconds"), text);
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                assertTrue(line.startsWith("# HELP ") || line.startsWith("# TYPE "), line);
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a sample line: " + line);
            assertTrue(m.group(1).matches("[a-zA-Z_:][a-zA-Z0-9_:]*"), line);
            Double.parseDouble(m.group(3).replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
        }
        assertEquals(1, text.split("# TYPE keel_service_calls_total counter", -1).length - 1);
    }
}
