package dev.keel.kernel.governance;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The breakers' state and failure rate as Prometheus gauges, read from the breakers at every scrape. */
final class BreakerGauges {

    private static final CircuitBreaker.State[] STATES = {CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN,
            CircuitBreaker.State.HALF_OPEN};

    private final PrometheusRegistry registry;
    private final GaugeWithCallback state;
    private final GaugeWithCallback failureRate;

    BreakerGauges(Breakers breakers, PrometheusRegistry registry) {
        this.registry = registry;
        this.state = GaugeWithCallback.builder().name(GovernanceMetrics.BREAKER_STATE)
                .help("1 for the state each plugin version's circuit breaker is in")
                .labelNames("plugin", "version", "state")
                .callback(cb -> {
                    for (Breakers.Breaker b : breakers.all()) {
                        for (CircuitBreaker.State st : STATES) {
                            cb.call(b.state() == st ? 1 : 0, b.plugin, b.version, st.name().toLowerCase());
                        }
                    }
                }).register(registry);
        this.failureRate = GaugeWithCallback.builder().name(GovernanceMetrics.BREAKER_FAILURE_RATE)
                .help("Failure rate (0..1) over each breaker's window; absent until the minimum calls were made")
                .labelNames("plugin", "version")
                .callback(cb -> {
                    for (Breakers.Breaker b : breakers.all()) {
                        float rate = b.cb.getMetrics().getFailureRate();
                        if (rate >= 0) {
                            cb.call(rate / 100.0, b.plugin, b.version);
                        }
                    }
                }).register(registry);
    }

    void close() {
        registry.unregister(state);
        registry.unregister(failureRate);
    }
}
