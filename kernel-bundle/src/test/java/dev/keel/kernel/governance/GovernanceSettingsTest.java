package dev.keel.kernel.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

class GovernanceSettingsTest {

    @Test
    void breakerConfigurationMapsEveryKey() {
        GovernanceSettings s = new GovernanceSettings(config(Map.of("failure_rate_threshold", 25f,
                "sliding_window_size", 8, "minimum_calls", 4, "wait_in_open_ms", 1500L, "half_open_calls", 2)), Map.of());
        CircuitBreakerConfig c = s.breakerConfig();

        assertEquals(25f, c.getFailureRateThreshold());
        assertEquals(8, c.getSlidingWindowSize());
        assertEquals(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED, c.getSlidingWindowType());
        assertEquals(4, c.getMinimumNumberOfCalls());
        assertEquals(Duration.ofMillis(1500), Duration.ofMillis(c.getWaitIntervalFunctionInOpenState().apply(1)));
        assertEquals(2, c.getPermittedNumberOfCallsInHalfOpenState());
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        GovernanceSettings s = new GovernanceSettings(Defaults.CONFIG, Map.of());

        assertEquals(TimeUnit.SECONDS.toNanos(5), s.timeoutNanos("PaymentService"));
        assertEquals(50f, s.failureRateThreshold);
        assertEquals(20, s.slidingWindowSize);
        assertEquals(10, s.minimumCalls);
        assertEquals(10_000, s.waitInOpenMs);
        assertEquals(3, s.halfOpenCalls);
    }

    @Test
    void timeoutsPerContractOrPluginOverrideTheDefault() {
        GovernanceSettings s = new GovernanceSettings(config(Map.of("timeout_root", 2000L)),
                Map.of("timeout.root", "2000", "timeout.PaymentService", "300", "timeout.order", " 9000 "));

        assertEquals(TimeUnit.MILLISECONDS.toNanos(300), s.timeoutNanos("PaymentService"));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(9000), s.timeoutNanos("order"));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(2000), s.timeoutNanos("UserService"));
    }

    /** Out of range (failure.rate.threshold=150, minimum.calls=0): the Metatype's rule, see HandChecksMovedTest. */
    @Test
    void aTimeoutThatIsNoNumberIsRejectedWithTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GovernanceSettings(Defaults.CONFIG, Map.of("timeout.PaymentService", "soon")));
        assertTrue(e.getMessage().contains("timeout.PaymentService"), e.getMessage());
    }

    @Test
    void onlyBreakerKeysRebuildBreakers() {
        GovernanceSettings a = new GovernanceSettings(Defaults.CONFIG, Map.of());
        GovernanceSettings b = new GovernanceSettings(config(Map.of("timeout_root", 100L)), Map.of());
        GovernanceSettings c = new GovernanceSettings(config(Map.of("minimum_calls", 3)), Map.of());
        assertTrue(a.sameBreaker(b));
        assertTrue(!a.sameBreaker(c));
    }

    /** A configuration with some values set and the defaults for the rest. */
    static Governor.Config config(Map<String, Object> values) {
        return (Governor.Config) java.lang.reflect.Proxy.newProxyInstance(Governor.Config.class.getClassLoader(),
                new Class<?>[] {Governor.Config.class}, (p, m, a) -> values.getOrDefault(m.getName(),
                        m.getDefaultValue()));
    }
}
