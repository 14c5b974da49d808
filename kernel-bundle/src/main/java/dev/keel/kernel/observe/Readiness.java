package dev.keel.kernel.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.observe.ReadinessCheck.Part;

/**
 * The one answer to "is Keel ready?", behind {@code /health},
 * {@code /health/ready}, {@code keel:health} and {@code keel:ready}: every
 * {@link ReadinessCheck} in {@link #CHECKS} registered (whiteboard) and none
 * failing. Ready therefore means start-up has settled, every required plugin
 * is ACTIVE and its routes answer, storage is up, the shell listens and no
 * breaker of a required plugin is open.
 */
@Component(service = Readiness.class, configurationPid = Readiness.PID)
@Designate(ocd = Readiness.Config.class)
public final class Readiness {

    /** Configuration PID: {@code etc/keel.health.cfg}. */
    public static final String PID = "keel.health";

    /** The checks readiness waits for, in the order their failing parts are listed. */
    static final List<String> CHECKS = List.of("startup", "plugins", "routes", "storage", "shell", "breakers");

    private static final long POLL_MS = 100;

    /** Which plugins readiness requires. */
    @ObjectClassDefinition(name = "Keel readiness")
    public @interface Config {
        @AttributeDefinition(name = "Required plugins",
                description = "Plugins that must be ACTIVE, with their routes registered and their breakers not open, "
                        + "for /health and /health/ready; empty: every plugin the kernel runs")
        String[] required_plugins() default {};
    }

    /** One evaluation: the verdict, the plugins it saw and every failing part. */
    public record Report(boolean up, List<PluginStatus> plugins, List<Part> failing) {

        public Report {
            plugins = List.copyOf(plugins);
            failing = List.copyOf(failing);
        }

        /** Why start-up has not settled yet (the reasons of the {@code startup} parts). */
        public List<String> pending() {
            return failing.stream().filter(p -> "startup".equals(p.kind())).map(Part::reason).toList();
        }

        /** Nothing failing is on its way to change by itself: waiting longer would not help. */
        public boolean settled() {
            return failing.stream().noneMatch(Part::settling);
        }
    }

    private final PluginRuntime runtime;
    private volatile Set<String> required;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<ReadinessCheck> checks = List.of();

    @Activate
    public Readiness(Config config, @Reference PluginRuntime runtime) {
        this.runtime = runtime;
        modified(config);
    }

    /** For tests: the given checks, no configuration. */
    Readiness(PluginRuntime runtime, Set<String> required, List<ReadinessCheck> checks) {
        this.runtime = runtime;
        this.required = Set.copyOf(required);
        this.checks = List.copyOf(checks);
    }

    @Modified
    void modified(Config config) {
        Set<String> names = new LinkedHashSet<>();
        for (String s : config.required_plugins()) {
            for (String n : s.split(",")) {
                if (!n.isBlank()) {
                    names.add(n.trim());
                }
            }
        }
        this.required = Set.copyOf(names);
    }

    /** Readiness now. */
    public Report report() {
        return evaluate(runtime.plugins(), required, checks);
    }

    /**
     * Waits, at most {@code timeout}, until Keel is ready or nothing failing is
     * still on its way (a FAILED plugin, an open breaker), and returns the
     * last report.
     */
    public Report await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Report r = report();
        while (!r.up() && !r.settled() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(Math.max(1, Math.min(POLL_MS,
                    TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
            r = report();
        }
        return r;
    }

    static Report evaluate(List<PluginStatus> plugins, Set<String> configured, List<ReadinessCheck> checks) {
        Set<String> names = configured.isEmpty()
                ? plugins.stream().map(PluginStatus::name).collect(Collectors.toCollection(TreeSet::new)) : configured;
        ReadinessCheck.Scope scope = new ReadinessCheck.Scope(plugins, names);
        Map<String, ReadinessCheck> byName = checks.stream()
                .collect(Collectors.toMap(ReadinessCheck::name, Function.identity(), (a, b) -> a));
        List<Part> failing = new ArrayList<>();
        for (String name : CHECKS) {
            ReadinessCheck check = byName.get(name);
            if (check == null) {
                failing.add(new Part("check", name, "the " + name + " check is not registered yet", true));
                continue;
            }
            try {
                failing.addAll(check.check(scope).failing());
            } catch (RuntimeException e) {
                failing.add(new Part("check", name, "the " + name + " check failed: " + e, true));
            }
        }
        return new Report(failing.isEmpty(), plugins, failing);
    }
}
