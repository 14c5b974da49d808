package dev.keel.kernel.governance;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import dev.keel.api.PluginRuntime;
import dev.keel.kernel.observe.MetricsRegistry;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The call meters of governance, in the kernel's registry
 * ({@link MetricsRegistry}): governed service calls and HTTP requests (count,
 * errors by reason, latency histogram per plugin, version and contract/route).
 * Breaker gauges are added by the {@link Governor}.
 */
@Component(service = GovernanceMetrics.class)
public final class GovernanceMetrics {

    /** Metric names (without the {@code _total} suffix the exposition adds to counters). */
    static final String SERVICE_CALLS = "keel_service_calls";
    static final String SERVICE_ERRORS = "keel_service_call_errors";
    static final String SERVICE_DURATION = "keel_service_call_duration_seconds";
    static final String HTTP_REQUESTS = "keel_http_requests";
    static final String HTTP_ERRORS = "keel_http_request_errors";
    static final String HTTP_DURATION = "keel_http_request_duration_seconds";
    static final String BREAKER_STATE = "keel_breaker_state";
    static final String BREAKER_FAILURE_RATE = "keel_breaker_failure_rate";

    /** What a governed call targets: a service contract or an HTTP route. */
    enum Kind {
        SERVICE("contract", "method"), HTTP("route", "method");

        final String targetLabel;
        final String operationLabel;

        Kind(String targetLabel, String operationLabel) {
            this.targetLabel = targetLabel;
            this.operationLabel = operationLabel;
        }
    }

    /** Cached data points of one plugin version's contract method or route. */
    final class Meters {
        final Kind kind;
        final String[] labels;
        final CounterDataPoint calls;
        final DistributionDataPoint duration;

        Meters(Kind kind, String... labels) {
            this.kind = kind;
            this.labels = labels;
            this.calls = (kind == Kind.SERVICE ? serviceCalls : httpRequests).labelValues(labels);
            this.duration = (kind == Kind.SERVICE ? serviceDuration : httpDuration).labelValues(labels);
        }

        void error(String reason) {
            String[] l = java.util.Arrays.copyOf(labels, labels.length + 1);
            l[labels.length] = reason;
            (kind == Kind.SERVICE ? serviceErrors : httpErrors).labelValues(l).inc();
        }
    }

    final PrometheusRegistry registry;
    private final Counter serviceCalls;
    private final Counter serviceErrors;
    private final Histogram serviceDuration;
    private final Counter httpRequests;
    private final Counter httpErrors;
    private final Histogram httpDuration;

    @Activate
    public GovernanceMetrics(@Reference MetricsRegistry metrics) {
        this.registry = metrics.registry();
        String[] service = {"plugin", "version", "contract", "method"};
        String[] http = {"plugin", "version", "route", "method"};
        serviceCalls = Counter.builder().name(SERVICE_CALLS).help("Calls between plugins through governed services")
                .labelNames(service).withoutExemplars().register(registry);
        serviceErrors = Counter.builder().name(SERVICE_ERRORS)
                .help("Governed service calls that failed, by reason (failure, timeout, circuit_open, injected_fault)")
                .labelNames(with(service, "reason")).withoutExemplars().register(registry);
        serviceDuration = Histogram.builder().name(SERVICE_DURATION).help("Latency of governed service calls")
                .labelNames(service).classicOnly().withoutExemplars().register(registry);
        httpRequests = Counter.builder().name(HTTP_REQUESTS).help("Requests routed by the HTTP entry to plugins")
                .labelNames(http).withoutExemplars().register(registry);
        httpErrors = Counter.builder().name(HTTP_ERRORS)
                .help("Routed requests that failed, by reason (failure, timeout, circuit_open, injected_fault)")
                .labelNames(with(http, "reason")).withoutExemplars().register(registry);
        httpDuration = Histogram.builder().name(HTTP_DURATION).help("Latency of requests routed to plugins")
                .labelNames(http).classicOnly().withoutExemplars().register(registry);
    }

    /** For tests and benchmarks: meters in a registry of their own ({@code jvm}: with the JVM collectors). */
    GovernanceMetrics(PluginRuntime runtime, boolean jvm) {
        this(new MetricsRegistry(runtime, jvm));
    }

    @Deactivate
    void deactivate() {
        List<Collector> meters = List.of(serviceCalls, serviceErrors, serviceDuration, httpRequests, httpErrors,
                httpDuration);
        meters.forEach(registry::unregister);
    }

    private static String[] with(String[] labels, String extra) {
        String[] l = java.util.Arrays.copyOf(labels, labels.length + 1);
        l[labels.length] = extra;
        return l;
    }

    Meters meters(Kind kind, String plugin, String version, String target, String operation) {
        return new Meters(kind, plugin, version, target, operation);
    }

    /** One row of {@code keel:metrics}: a contract method or route of a plugin version. */
    public record Row(String kind, String plugin, String version, String target, String method, long count, long errors,
            double meanMs, double p99Ms) {
    }

    /** Counts from the counters, latencies from the histograms, for the shell; {@code plugin} null for all. */
    public List<Row> rows(String plugin) {
        List<Row> rows = new ArrayList<>();
        MetricSnapshots all = registry.scrape(name -> name.equals(SERVICE_DURATION) || name.equals(HTTP_DURATION)
                || name.equals(SERVICE_ERRORS) || name.equals(HTTP_ERRORS) || name.equals(SERVICE_CALLS)
                || name.equals(HTTP_REQUESTS));
        for (Kind kind : Kind.values()) {
            boolean service = kind == Kind.SERVICE;
            String target = kind.targetLabel;
            for (var dp : snapshot(all, service ? SERVICE_CALLS : HTTP_REQUESTS).getDataPoints()) {
                Labels l = dp.getLabels();
                if (plugin != null && !plugin.equals(l.get("plugin"))) {
                    continue;
                }
                long calls = (long) ((CounterSnapshot.CounterDataPointSnapshot) dp).getValue();
                long errors = 0;
                for (var e : snapshot(all, service ? SERVICE_ERRORS : HTTP_ERRORS).getDataPoints()) {
                    if (same(l, e.getLabels(), target)) {
                        errors += (long) ((CounterSnapshot.CounterDataPointSnapshot) e).getValue();
                    }
                }
                double mean = 0;
                double p99 = 0;
                for (var h : snapshot(all, service ? SERVICE_DURATION : HTTP_DURATION).getDataPoints()) {
                    if (same(l, h.getLabels(), target)) {
                        var d = (HistogramSnapshot.HistogramDataPointSnapshot) h;
                        mean = d.getCount() == 0 ? 0 : d.getSum() * 1000 / d.getCount();
                        p99 = p99(d) * 1000;
                    }
                }
                rows.add(new Row(service ? "service" : "http", l.get("plugin"), l.get("version"), l.get(target),
                        l.get("method"), calls, errors, mean, p99));
            }
        }
        return rows;
    }

    /** Each plugin version's calls, errors and latency buckets since the start, for the traffic history. */
    public List<VersionTotals> totals() {
        return VersionTotals.of(registry.scrape(name -> name.equals(SERVICE_DURATION) || name.equals(HTTP_DURATION)
                || name.equals(SERVICE_ERRORS) || name.equals(HTTP_ERRORS) || name.equals(SERVICE_CALLS)
                || name.equals(HTTP_REQUESTS)));
    }

    private static io.prometheus.metrics.model.snapshots.MetricSnapshot snapshot(MetricSnapshots all, String name) {
        for (var s : all) {
            if (s.getMetadata().getName().equals(name)) {
                return s;
            }
        }
        throw new IllegalStateException("no metric " + name);
    }

    private static boolean same(Labels a, Labels b, String target) {
        return a.get("plugin").equals(b.get("plugin")) && a.get("version").equals(b.get("version"))
                && a.get(target).equals(b.get(target)) && a.get("method").equals(b.get("method"));
    }

    /** The upper bound of the bucket holding the 99th percentile (an estimate, as in histogram_quantile). */
    private static double p99(HistogramSnapshot.HistogramDataPointSnapshot d) {
        long total = d.getCount();
        if (total == 0) {
            return 0;
        }
        double rank = Math.ceil(total * 0.99);
        long seen = 0;
        for (var bucket : d.getClassicBuckets()) {
            seen += bucket.getCount(); // counts per bucket, not cumulative
            if (seen >= rank) {
                return bucket.getUpperBound();
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
