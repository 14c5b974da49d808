package dev.keel.kernel.governance;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;

/**
 * The validated settings of PID {@code keel.governance}: timeouts per
 * contract or route, and the circuit breaker's configuration. Immutable; a
 * new instance replaces the old on every configuration change.
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
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(atLeast(TIMEOUT_ROOT, c.timeout_root(), 1));
        this.failureRateThreshold = (float) range("failure.rate.threshold", c.failure_rate_threshold(), 1, 100);
        this.slidingWindowSize = (int) atLeast("sliding.window.size", c.sliding_window_size(), 1);
        this.minimumCalls = (int) atLeast("minimum.calls", c.minimum_calls(), 1);
        this.waitInOpenMs = atLeast("wait.in.open.ms", c.wait_in_open_ms(), 1);
        this.halfOpenCalls = (int) atLeast("half.open.calls", c.half_open_calls(), 1);
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
                        throw new IllegalArgumentException(key + " = " + value + ": not a whole number of milliseconds");
                    }
                    overrides.put(name, TimeUnit.MILLISECONDS.toNanos(atLeast(key, ms, 1)));
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

    private static long atLeast(String key, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " = " + value + ": must be at least " + min);
        }
        return value;
    }

    private static double range(String key, double value, double min, double max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " = " + value + ": must be between " + min + " and " + max);
        }
        return value;
    }
}
