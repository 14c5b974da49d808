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

    /**
     * A plugin version's breaker and its last transition. Transitions are
     * noticed by the governor after each outcome it records (a state read),
     * not through Resilience4j's event publisher: with a consumer registered
     * it would create an event, with a time stamp, on every call.
     */
    static final class Breaker {
        final String plugin;
        final String version;
        final CircuitBreaker cb;
        private volatile CircuitBreaker.State last;
        volatile Instant lastTransition;
        volatile String lastChange = "created";

        Breaker(String plugin, String version, CircuitBreakerConfig config) {
            this.plugin = plugin;
            this.version = version;
            this.cb = CircuitBreaker.of(plugin + "@" + version, config);
            this.last = cb.getState();
            this.lastTransition = Instant.now();
        }

        CircuitBreaker.State state() {
            observe();
            return cb.getState();
        }

        /** Records a transition since the last look, if there was one. */
        void observe() {
            CircuitBreaker.State now = cb.getState();
            CircuitBreaker.State before = last;
            if (now != before) {
                synchronized (this) {
                    if (last == before) {
                        last = now;
                        lastTransition = Instant.now();
                        lastChange = before + " -> " + now;
                    }
                }
            }
        }

        synchronized void reset() {
            cb.reset();
            last = cb.getState();
            lastTransition = Instant.now();
            lastChange = "reset";
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
                b.reset();
                n++;
            }
        }
        return n;
    }
}
