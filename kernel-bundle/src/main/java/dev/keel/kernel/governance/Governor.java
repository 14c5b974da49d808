package dev.keel.kernel.governance;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.keel.api.ServiceUnavailableException;
import dev.keel.kernel.governance.GovernanceMetrics.Kind;
import dev.keel.kernel.governance.GovernanceMetrics.Meters;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * The one governed call path, for service calls between plugins and for
 * requests routed to plugins: fault injection, timeout, circuit breaker per
 * plugin version, metrics. Kernel-internal; the HTTP entry calls
 * {@link #route}, the service proxies call {@link #call}.
 */
@Component(service = Governor.class, configurationPid = Governor.PID, immediate = true)
@Designate(ocd = Governor.Config.class)
public final class Governor {

    /** Configuration PID: {@code etc/keel.governance.cfg}. */
    public static final String PID = "keel.governance";

    /** Configuration of timeouts and circuit breakers. */
    @ObjectClassDefinition(name = "Keel governance",
            description = "Timeouts and circuit breakers of calls between plugins and of routed requests. "
                    + "timeout.<Contract> (e.g. timeout.PaymentService) or timeout.<plugin> (a plugin's routes, "
                    + "e.g. timeout.order) override timeout.root.")
    public @interface Config {
        @AttributeDefinition(name = "Timeout (ms)", min = "1",
                description = "How long a governed call or routed request may take; the family timeout.<name> "
                        + "sets it per contract (simple interface name) or per plugin")
        long timeout_root() default 5000;

        @AttributeDefinition(name = "Failure rate threshold (%)", min = "1", max = "100",
                description = "The breaker opens when this share of the calls in the window failed")
        float failure_rate_threshold() default 50;

        @AttributeDefinition(name = "Sliding window size", min = "1", description = "Calls the failure rate is taken over")
        int sliding_window_size() default 20;

        @AttributeDefinition(name = "Minimum calls", min = "1",
                description = "Calls needed in the window before the failure rate counts")
        int minimum_calls() default 10;

        @AttributeDefinition(name = "Wait in open (ms)", min = "1",
                description = "How long an open breaker fails fast before letting probe calls through")
        long wait_in_open_ms() default 10_000;

        @AttributeDefinition(name = "Half-open calls", min = "1",
                description = "Probe calls in half-open state; their failure rate closes or reopens the breaker")
        int half_open_calls() default 3;

    }

    /** Where a governed call goes: one plugin version's contract method or route, with its cached meters. */
    public final class Site {
        final String plugin;
        final String version;
        final String timeoutKey;
        final Expected expected;
        final Meters meters;
        private Breakers.Breaker breaker;
        private int generation = -1;

        Site(Kind kind, String plugin, String version, String target, String operation, String timeoutKey,
                Expected expected) {
            this.plugin = plugin;
            this.version = version;
            this.timeoutKey = timeoutKey;
            this.expected = expected;
            this.meters = metrics.meters(kind, plugin, version, target, operation);
        }

        Breakers.Breaker breaker() {
            Breakers all = breakers;
            int g = all.generation;
            Breakers.Breaker b = breaker;
            if (b == null || generation != g) {
                b = all.of(plugin, version);
                breaker = b;
                generation = g;
            }
            return b;
        }
    }

    /** Decides whether an exception is part of the contract (passed on, not a failure). */
    interface Expected {
        boolean test(Throwable t);
    }

    private final GovernanceMetrics metrics;
    private final Faults faults;
    private final Logger log;
    private final Deadlines deadlines = new Deadlines(5);
    private final Breakers breakers;
    private final BreakerGauges gauges;
    private final Map<String, Site> routeSites = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile GovernanceSettings settings;

    @Activate
    public Governor(Config config, Map<String, Object> properties, @Reference GovernanceMetrics metrics,
            @Reference Faults faults, @Reference(service = LoggerFactory.class) Logger log) {
        this.metrics = metrics;
        this.faults = faults;
        this.log = log;
        GovernanceSettings s;
        try {
            s = new GovernanceSettings(config, properties);
        } catch (IllegalArgumentException e) {
            log.error("{}: rejected: {}; using the defaults", PID, e.getMessage());
            s = new GovernanceSettings(Defaults.CONFIG, Map.of());
        }
        this.settings = s;
        this.breakers = new Breakers(s.breakerConfig());
        this.gauges = new BreakerGauges(breakers, metrics.registry);
    }

    @Modified
    void modified(Config config, Map<String, Object> properties) {
        GovernanceSettings s;
        try {
            s = new GovernanceSettings(config, properties);
        } catch (IllegalArgumentException e) {
            log.error("{}: rejected: {}; keeping the last good configuration", PID, e.getMessage());
            return;
        }
        GovernanceSettings old = settings;
        settings = s;
        if (!s.sameBreaker(old)) {
            breakers.reconfigure(s.breakerConfig());
            log.info("{}: circuit breakers reconfigured (failure rate {}% over {} calls, minimum {}, open {} ms, "
                    + "{} half-open calls); every breaker starts CLOSED", PID, s.failureRateThreshold,
                    s.slidingWindowSize, s.minimumCalls, s.waitInOpenMs, s.halfOpenCalls);
        }
    }

    @Deactivate
    void deactivate() {
        deadlines.close();
        gauges.close();
    }

    Breakers breakers() {
        return breakers;
    }

    Deadlines deadlines() {
        return deadlines;
    }

    /**
     * One plugin version's circuit breaker, for the shell and readiness.
     *
     * @param failureRate percent of failed calls in the window, or -1 before the minimum calls
     */
    public record BreakerView(String plugin, String version, String state, float failureRate, int calls,
            int failedCalls, long notPermittedCalls, java.time.Instant lastTransition, String lastChange) {
    }

    /** Every breaker, by plugin and version. */
    public java.util.List<BreakerView> breakerViews() {
        return breakers.all().stream().map(b -> {
            var m = b.cb.getMetrics();
            return new BreakerView(b.plugin, b.version, b.state().name(), m.getFailureRate(),
                    m.getNumberOfBufferedCalls(), m.getNumberOfFailedCalls(), m.getNumberOfNotPermittedCalls(),
                    b.lastTransition, b.lastChange);
        }).toList();
    }

    /**
     * Closes every breaker of a plugin (all its versions).
     *
     * @return how many breakers were reset
     */
    public int reset(String plugin) {
        return breakers.reset(plugin);
    }

    GovernanceSettings settings() {
        return settings;
    }

    Site serviceSite(String plugin, String version, String contract, String method, Expected expected) {
        return new Site(Kind.SERVICE, plugin, version, contract, method, contract, expected);
    }

    /**
     * Runs one request routed to a plugin servlet under governance: the
     * plugin version's breaker, the timeout {@code timeout.<plugin>} (or
     * {@code timeout.root}), faults of {@code keel.faults}, and metrics per
     * route. A {@code ProblemException} (any status) is the plugin's answer,
     * not a failure; a {@link ServiceUnavailableException} from a call the
     * servlet made is the failure of that call's provider, not of this route.
     *
     * @throws ServiceUnavailableException when the breaker is open, the request timed out or a fault was injected
     */
    public <T> T route(String plugin, String version, String route, String method, Callable<T> call) throws Exception {
        return call(routeSite(plugin, version, route, method), call);
    }

    /** The site {@link #route} governs a route's method as, to be kept by the caller: nothing looked up per request. */
    public Site routeSite(String plugin, String version, String route, String method) {
        return routeSites.computeIfAbsent(plugin + '\n' + version + '\n' + route + '\n' + method,
                k -> new Site(Kind.HTTP, plugin, version, route, method, plugin, Classifier::routeExpected));
    }

    /** The governed call path (the one place where calls can later be held during a swap). */
    public <T> T call(Site site, Callable<T> body) throws Exception {
        Breakers.Breaker breaker = site.breaker();
        CircuitBreaker cb = breaker.cb;
        Meters m = site.meters;
        if (!cb.tryAcquirePermission()) {
            breaker.observe();
            m.calls.inc();
            m.error("circuit_open");
            throw Unavailable.open(site, breaker, settings.waitInOpenMs);
        }
        GovernanceSettings s = settings;
        long timeout = s.timeoutNanos(site.timeoutKey);
        long start = System.nanoTime();
        Deadlines.Slot slot = deadlines.enter(start + timeout);
        T result = null;
        Throwable thrown = null;
        boolean injected = false;
        try {
            injected = faults.apply(site.plugin, site.version);
            if (!injected) {
                result = body.call();
            }
        } catch (Throwable t) {
            thrown = t;
        }
        boolean interrupted = deadlines.exit(slot);
        long took = System.nanoTime() - start;
        m.calls.inc();
        m.duration.observe(took / 1e9);
        try {
            return outcome(site, breaker, result, thrown, injected, interrupted, took, timeout);
        } finally {
            breaker.observe();
        }
    }

    private <T> T outcome(Site site, Breakers.Breaker breaker, T result, Throwable thrown, boolean injected,
            boolean interrupted, long took, long timeout) throws Exception {
        CircuitBreaker cb = breaker.cb;
        Meters m = site.meters;
        if (thrown instanceof ClientFault) {
            // the client's fault, not the plugin's: the call counts neither way
            cb.releasePermission();
            throw (ClientFault) thrown;
        }
        if (interrupted || took > timeout) {
            ServiceUnavailableException e = Unavailable.timeout(site, timeout);
            cb.onError(took, TimeUnit.NANOSECONDS, e);
            m.error("timeout");
            if (thrown != null) {
                e.addSuppressed(thrown);
            }
            throw e;
        }
        if (injected) {
            ServiceUnavailableException e = Unavailable.injected(site);
            cb.onError(took, TimeUnit.NANOSECONDS, e);
            m.error("injected_fault");
            throw e;
        }
        if (thrown == null) {
            cb.onSuccess(took, TimeUnit.NANOSECONDS);
            return result;
        }
        if (site.expected.test(thrown)) {
            cb.onSuccess(took, TimeUnit.NANOSECONDS);
        } else {
            cb.onError(took, TimeUnit.NANOSECONDS, thrown);
            m.error("failure");
        }
        throw Classifier.<Exception>sneaky(thrown);
    }
}
