package dev.keel.kernel.governance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/** One Resilience4j circuit breaker per provider plugin and version, with when each last changed state. */
final class Breakers {

    /** A plugin version's breaker and its last transition. */
    static final class Breaker {
        final String plugin;
        final String version;
        final CircuitBreaker cb;
        volatile Instant lastTransition;
        volatile String lastChange = "created";

        Breaker(String plugin, String version, CircuitBreakerConfig config) {
            this.plugin = plugin;
            this.version = version;
            this.cb = CircuitBreaker.of(plugin + "@" + version, config);
            this.lastTransition = Instant.now();
            cb.getEventPublisher().onStateTransition(e -> {
                lastTransition = e.getCreationTime().toInstant();
                lastChange = e.getStateTransition().getFromState() + " -> " + e.getStateTransition().getToState();
            });
        }

        CircuitBreaker.State state() {
            return cb.getState();
        }
    }

    private final ConcurrentMap<String, Breaker> breakers = new ConcurrentHashMap<>();
    private volatile CircuitBreakerConfig config;
    /** Changes whenever the breakers are replaced, so cached ones can be looked up again. */
    volatile int generation;

    Breakers(CircuitBreakerConfig config) {
        this.config = config;
    }

    Breaker of(String plugin, String version) {
        return breakers.computeIfAbsent(plugin + "@" + version, k -> new Breaker(plugin, version, config));
    }

    /** New settings: breakers start afresh (CLOSED, empty window) with them. */
    void reconfigure(CircuitBreakerConfig newConfig) {
        this.config = newConfig;
        breakers.clear();
        generation++;
    }

    List<Breaker> all() {
        List<Breaker> list = new ArrayList<>(breakers.values());
        list.sort(Comparator.comparing((Breaker b) -> b.plugin).thenComparing(b -> b.version));
        return list;
    }

    /** Resets every breaker of a plugin (every version) to CLOSED; returns how many. */
    int reset(String plugin) {
        int n = 0;
        for (Breaker b : breakers.values()) {
            if (b.plugin.equals(plugin)) {
                b.cb.reset();
                b.lastTransition = Instant.now();
                b.lastChange = "reset";
                n++;
            }
        }
        return n;
    }
}
