package dev.keel.kernel.governance;

import java.time.Duration;
import java.time.Instant;

import dev.keel.api.ServiceUnavailableException;
import dev.keel.api.ServiceUnavailableException.Reason;
import dev.keel.kernel.deploy.LiveUpdate;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/** The {@link ServiceUnavailableException}s of the governed call path, each with the line that says why. */
final class Unavailable {

    private Unavailable() {
    }

    static ServiceUnavailableException timeout(Governor.Site site, long timeoutNanos) {
        return new ServiceUnavailableException(site.plugin, site.version, Reason.TIMEOUT, Duration.ZERO,
                site.plugin + " " + site.version + " did not answer within " + (timeoutNanos / 1_000_000) + " ms");
    }

    static ServiceUnavailableException injected(Governor.Site site) {
        return new ServiceUnavailableException(site.plugin, site.version, Reason.INJECTED_FAULT, Duration.ZERO,
                "fault injected into " + site.plugin + " " + site.version + " by configuration " + Faults.PID);
    }

    static ServiceUnavailableException open(Governor.Site site, Breakers.Breaker b, long waitInOpenMs) {
        long sinceMs = Duration.between(b.lastTransition, Instant.now()).toMillis();
        Duration retry = Duration.ofMillis(Math.max(0, waitInOpenMs - sinceMs));
        // refused: the breaker was OPEN, or HALF_OPEN with every probe taken (never CLOSED, even when it
        // closed in between)
        boolean probing = b.state() == CircuitBreaker.State.HALF_OPEN;
        return new ServiceUnavailableException(site.plugin, site.version, Reason.CIRCUIT_OPEN, retry,
                "circuit breaker of " + site.plugin + " " + site.version + (probing
                        ? " is HALF_OPEN and its probe calls are under way; other calls fail fast meanwhile"
                        : " is OPEN after too many failures; calls fail fast for about "
                                + Math.max(1, retry.toSeconds()) + " s more"));
    }

    /** A call held for a plugin that did not come back in time: fails without touching any breaker. */
    static ServiceUnavailableException notBack(String contract, long holdTimeoutMs) {
        return new ServiceUnavailableException(null, null, Reason.NO_PROVIDER, Duration.ofSeconds(1),
                "no ACTIVE provider of " + contract + " came back within " + holdTimeoutMs + " ms ("
                        + LiveUpdate.PID + " hold.timeout.ms)");
    }

    /** No provider was found for a contract: fails fast without touching any breaker. */
    static ServiceUnavailableException noProvider(String contract) {
        return new ServiceUnavailableException(null, null, Reason.NO_PROVIDER, Duration.ofSeconds(1),
                "no ACTIVE provider of " + contract);
    }
}
