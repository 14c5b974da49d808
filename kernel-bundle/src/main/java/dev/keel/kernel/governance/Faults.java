package dev.keel.kernel.governance;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Fault injection from PID {@code keel.faults}: {@code failure.rate.<plugin>}
 * (0..1) and {@code latency.<plugin>} (ms) make calls to a plugin (its
 * services and its routes) fail or slow down, inside the governed call path,
 * so the breaker and the timeout see them like real faults;
 * {@code failure.rate.root} and {@code latency.root} apply to every plugin
 * without a key of its own.
 */
@Component(service = Faults.class, configurationPid = Faults.PID)
@Designate(ocd = Faults.Config.class)
public final class Faults {

    /** Configuration PID: {@code etc/keel.faults.cfg}. */
    public static final String PID = "keel.faults";

    static final String RATE = "failure.rate.";
    static final String LATENCY = "latency.";
    static final String ROOT = "root";

    /** Fault injection; the key families are per plugin, e.g. {@code failure.rate.payment}. */
    @ObjectClassDefinition(name = "Keel fault injection",
            description = "failure.rate.<plugin> (0..1) and latency.<plugin> (ms) make calls to a plugin fail or "
                    + "slow down; <plugin>@<version> (e.g. failure.rate.payment@1.1.0) targets one version; "
                    + "the .root keys apply to every plugin without its own key.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "false ignores every fault key")
        boolean enabled() default true;

        @AttributeDefinition(name = "Failure rate", min = "0", max = "1",
                description = "Share of calls that fail with an injected fault: failure.rate.<plugin>, "
                        + "or failure.rate.root for every plugin")
        double failure_rate_root() default 0;

        @AttributeDefinition(name = "Latency (ms)", min = "0",
                description = "Latency added to every call: latency.<plugin>, or latency.root for every plugin")
        long latency_root() default 0;
    }

    /** The faults of one plugin. */
    record Fault(double failureRate, long latencyMs) {
    }

    private final Logger log;
    private volatile Map<String, Fault> faults = Map.of();

    @Activate
    public Faults(Map<String, Object> properties, @Reference(service = LoggerFactory.class) Logger log) {
        this.log = log;
        modified(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        try {
            Map<String, Fault> parsed = parse(properties);
            faults = parsed;
            if (!parsed.isEmpty()) {
                log.warn("{}: faults injected: {}", PID, parsed);
            }
        } catch (IllegalArgumentException e) {
            log.error("{}: rejected: {}; keeping {}", PID, e.getMessage(), faults);
        }
    }

    /**
     * Reads {@code failure.rate.<plugin>} and {@code latency.<plugin>} (and their {@code .root}); their ranges
     * are the Metatype definition's, which the validator enforces. Throws on a value that is no number (only a
     * configuration delivered before the validator started can carry one; it is delivered again, validated).
     */
    static Map<String, Fault> parse(Map<String, ?> properties) {
        if (properties == null || "false".equals(String.valueOf(properties.get("enabled")))) {
            return Map.of();
        }
        Map<String, Double> rates = new HashMap<>();
        Map<String, Long> latencies = new HashMap<>();
        properties.forEach((key, value) -> {
            String v = String.valueOf(value).trim();
            try {
                if (key.startsWith(RATE) && key.length() > RATE.length()) {
                    rates.put(key.substring(RATE.length()), Double.parseDouble(v));
                } else if (key.startsWith(LATENCY) && key.length() > LATENCY.length()) {
                    latencies.put(key.substring(LATENCY.length()), Long.parseLong(v));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " = " + v + ": not a number");
            }
        });
        Map<String, Fault> out = new HashMap<>();
        for (String plugin : union(rates, latencies)) {
            Fault f = new Fault(rates.getOrDefault(plugin, rates.getOrDefault(ROOT, 0d)),
                    latencies.getOrDefault(plugin, latencies.getOrDefault(ROOT, 0L)));
            if (f.failureRate() > 0 || f.latencyMs() > 0 || plugin.equals(ROOT)) {
                out.put(plugin, f);
            }
        }
        Fault root = out.get(ROOT);
        if (root != null && root.failureRate() == 0 && root.latencyMs() == 0) {
            out.remove(ROOT);
        }
        return Map.copyOf(out);
    }

    private static java.util.Set<String> union(Map<String, ?> a, Map<String, ?> b) {
        java.util.Set<String> s = new java.util.HashSet<>(a.keySet());
        s.addAll(b.keySet());
        return s;
    }

    /** The fault of a key {@code <plugin>@<version>} naming this version, or {@code null}. */
    static Fault versioned(Map<String, Fault> faults, String plugin, String version) {
        String prefix = plugin + "@";
        for (Map.Entry<String, Fault> e : faults.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(prefix)) {
                String spec = key.substring(prefix.length());
                if (version.equals(spec) || version.startsWith(spec + ".")) {
                    return e.getValue();
                }
            }
        }
        return null;
    }

    /** The current faults, by plugin. */
    Map<String, Fault> current() {
        return faults;
    }

    /**
     * Applies a plugin's faults in the caller's thread: sleeps the latency
     * (interruptible by the call's timeout), then fails at the configured rate.
     *
     * @return {@code true} when the call must fail as an injected fault
     */
    boolean apply(String plugin) throws InterruptedException {
        return apply(plugin, null);
    }

    /**
     * As {@link #apply(String)}, where a key for the plugin version
     * ({@code failure.rate.payment@1.1.0}: that version, any build qualifier)
     * beats the plugin's key.
     */
    boolean apply(String plugin, String version) throws InterruptedException {
        Map<String, Fault> f = faults;
        if (f.isEmpty()) {
            return false;
        }
        Fault fault = version == null ? null : versioned(f, plugin, version);
        if (fault == null) {
            fault = f.get(plugin);
        }
        if (fault == null) {
            fault = f.get(ROOT);
            if (fault == null) {
                return false;
            }
        }
        if (fault.latencyMs() > 0) {
            Thread.sleep(fault.latencyMs());
        }
        return fault.failureRate() > 0 && ThreadLocalRandom.current().nextDouble() < fault.failureRate();
    }
}
