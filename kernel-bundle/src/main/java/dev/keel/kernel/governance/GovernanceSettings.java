package dev.keel.kernel.governance;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;

/**
 * The settings of PID {@code keel.governance}: timeouts per contract or route,
 * and the circuit breaker's configuration. The values are the validator's
 * (ranges, and the {@code timeout.<name>} family, are the Metatype
 * definition's); immutable, a new instance replaces the old on every change.
 */
final class GovernanceSettings {

    /** The key family {@code timeout.<name>}; {@code timeout.root} is the default. */
    static final String TIMEOUT_PREFIX = "timeout.";
    static final String TIMEOUT_ROOT = "timeout.root";

    final long timeoutNanos;
    final Map<String, Long> timeoutOverrides;
    final float failureRateThreshold;
    final int slidingWindowSize;
    final int minimumCalls;
    final long waitInOpenMs;
    final int halfOpenCalls;

    GovernanceSettings(Governor.Config c, Map<String, ?> raw) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(c.timeout_root());
        this.failureRateThreshold = c.failure_rate_threshold();
        this.slidingWindowSize = c.sliding_window_size();
        this.minimumCalls = c.minimum_calls();
        this.waitInOpenMs = c.wait_in_open_ms();
        this.halfOpenCalls = c.half_open_calls();
        Map<String, Long> overrides = new HashMap<>();
        if (raw != null) {
            raw.forEach((key, value) -> {
                if (key.startsWith(TIMEOUT_PREFIX) && !key.equals(TIMEOUT_ROOT)
                        && key.length() > TIMEOUT_PREFIX.length()) {
                    String name = key.substring(TIMEOUT_PREFIX.length());
                    long ms;
                    try {
                        ms = Long.parseLong(String.valueOf(value).trim());
                    } catch (NumberFormatException e) {
                        // the validator keeps such a value away; only a configuration delivered before it
                        // started can carry one (it is delivered again, validated, at once)
                        throw new IllegalArgumentException(key + " = " + value + ": not a whole number of milliseconds");
                    }
                    overrides.put(name, TimeUnit.MILLISECONDS.toNanos(ms));
                }
            });
        }
        this.timeoutOverrides = Map.copyOf(overrides);
    }

    /** The timeout of a contract (by simple name, e.g. {@code PaymentService}) or a route (by plugin name). */
    long timeoutNanos(String name) {
        Long t = timeoutOverrides.get(name);
        return t == null ? timeoutNanos : t;
    }

    /** The breaker configuration: failure rate over a count-based sliding window with a minimum of calls. */
    CircuitBreakerConfig breakerConfig() {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(slidingWindowSize)
                .minimumNumberOfCalls(minimumCalls)
                .failureRateThreshold(failureRateThreshold)
                .waitDurationInOpenState(Duration.ofMillis(waitInOpenMs))
                .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .writableStackTraceEnabled(false)
                // the governor classifies outcomes itself and reports only failures as errors
                .recordException(e -> true)
                .build();
    }

    boolean sameBreaker(GovernanceSettings o) {
        return o != null && o.failureRateThreshold == failureRateThreshold
                && o.slidingWindowSize == slidingWindowSize && o.minimumCalls == minimumCalls
                && o.waitInOpenMs == waitInOpenMs && o.halfOpenCalls == halfOpenCalls;
    }
}
