package dev.keel.kernel.shell;

import java.util.List;
import java.util.Locale;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.kernel.governance.GovernanceMetrics;
import dev.keel.kernel.governance.Governor;

/** The {@code keel:} governance commands: circuit breakers and call metrics. */
@Component(service = GovernanceCommands.class)
@GogoCommand(scope = "keel", function = {"breakers", "breaker", "metrics"})
public final class GovernanceCommands {

    private final Governor governor;
    private final GovernanceMetrics metrics;

    @Activate
    public GovernanceCommands(@Reference Governor governor, @Reference GovernanceMetrics metrics) {
        this.governor = governor;
        this.metrics = metrics;
    }

    @Descriptor("list the circuit breakers: state, failure rate, calls in the window, last transition, per plugin version")
    public String breakers() {
        return formatBreakers(governor.breakerViews());
    }

    @Descriptor("act on the circuit breakers of a plugin: reset closes them")
    public String breaker(@Descriptor("the action: reset") String action,
            @Descriptor("the plugin name, as listed by keel:breakers") String plugin) {
        if (!"reset".equals(action)) {
            throw new IllegalArgumentException("unknown action " + action + ": use keel:breaker reset <plugin>");
        }
        int n = governor.reset(plugin);
        if (n == 0) {
            throw new IllegalArgumentException("no circuit breaker for plugin " + plugin + " (keel:breakers lists them)");
        }
        return plugin + ": " + n + (n == 1 ? " breaker" : " breakers") + " reset to CLOSED";
    }

    @Descriptor("show call counts, errors and latencies of every plugin's contracts and routes")
    public String metrics() {
        return formatMetrics(metrics.rows(null));
    }

    @Descriptor("show call counts, errors and latencies of one plugin's contracts and routes")
    public String metrics(@Descriptor("the plugin name") String plugin) {
        List<GovernanceMetrics.Row> rows = metrics.rows(plugin);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no calls recorded for plugin " + plugin);
        }
        return formatMetrics(rows);
    }

    static String formatBreakers(List<Governor.BreakerView> breakers) {
        if (breakers.isEmpty()) {
            return "No circuit breakers yet: one is created per plugin version on its first governed call\n";
        }
        Table t = new Table("PLUGIN", "VERSION", "STATE", "FAILURE RATE", "CALLS", "FAILED", "REJECTED",
                "LAST TRANSITION");
        for (Governor.BreakerView b : breakers) {
            t.row(b.plugin(), b.version(), b.state(),
                    b.failureRate() < 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", b.failureRate()),
                    b.calls(), b.failedCalls(), b.notPermittedCalls(),
                    PluginCommands.TIME.format(b.lastTransition()) + " (" + b.lastChange() + ")");
        }
        return t.toString();
    }

    static String formatMetrics(List<GovernanceMetrics.Row> rows) {
        if (rows.isEmpty()) {
            return "No governed calls recorded yet\n";
        }
        Table t = new Table("KIND", "PLUGIN", "VERSION", "TARGET", "METHOD", "CALLS", "ERRORS", "ERROR%", "MEAN ms",
                "P99 ms");
        for (GovernanceMetrics.Row r : rows) {
            t.row(r.kind(), r.plugin(), r.version(), r.target(), r.method(), r.count(), r.errors(),
                    r.count() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", 100.0 * r.errors() / r.count()),
                    String.format(Locale.ROOT, "%.2f", r.meanMs()),
                    Double.isInfinite(r.p99Ms()) ? ">10000" : String.format(Locale.ROOT, "%.0f", r.p99Ms()));
        }
        return t.toString();
    }
}
