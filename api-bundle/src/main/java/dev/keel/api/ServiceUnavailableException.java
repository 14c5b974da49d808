package dev.keel.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A call to another plugin's service, or a request routed to a plugin, was not
 * served by the plugin: its circuit breaker is open, it did not answer within
 * its timeout, no provider is ACTIVE, or a fault was injected by
 * configuration. Thrown by the kernel's governance in the caller's thread; the
 * HTTP entry answers it with {@code 503} and a {@code Retry-After} header.
 * <p>
 * Exceptions that belong to a contract (for example
 * {@link IllegalArgumentException} for invalid input) are never replaced by
 * this one: they reach the caller unchanged.
 *
 * @since 1.1.0
 */
public class ServiceUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a call was not served. */
    public enum Reason {
        /** The provider's circuit breaker is open: the call was not made. */
        CIRCUIT_OPEN,
        /** The provider did not answer within the call's timeout. */
        TIMEOUT,
        /** No ACTIVE provider of the contract is there (stopped, updating, uninstalled). */
        NO_PROVIDER,
        /** A fault was injected by configuration (PID {@code keel.faults}). */
        INJECTED_FAULT
    }

    private final String plugin;
    private final String version;
    private final Reason reason;
    private final Duration retryAfter;

    /**
     * @param plugin the plugin that did not serve the call, or {@code null} when none was chosen
     * @param version its version, or {@code null}
     * @param reason why the call was not served
     * @param retryAfter when trying again makes sense, {@link Duration#ZERO} when at once
     * @param message what happened, in one line
     */
    public ServiceUnavailableException(String plugin, String version, Reason reason, Duration retryAfter,
            String message) {
        super(message);
        this.plugin = plugin;
        this.version = version;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.retryAfter = retryAfter == null || retryAfter.isNegative() ? Duration.ZERO : retryAfter;
    }

    /** @return the plugin that did not serve the call, or {@code null} when none was chosen */
    public String plugin() {
        return plugin;
    }

    /** @return the plugin's version, or {@code null} */
    public String version() {
        return version;
    }

    /** @return why the call was not served */
    public Reason reason() {
        return reason;
    }

    /** @return how long to wait before trying again, never negative */
    public Duration retryAfter() {
        return retryAfter;
    }
}
