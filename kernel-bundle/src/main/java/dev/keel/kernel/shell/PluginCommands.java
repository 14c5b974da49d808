package dev.keel.kernel.shell;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.deploy.DeployMonitor;
import dev.keel.kernel.deploy.DeployProblem;
import dev.keel.kernel.observe.Readiness;
import dev.keel.kernel.plugin.PluginStates;
import dev.keel.kernel.observe.ReadinessCheck.Part;

/** The {@code keel:} plugin commands: list, inspect, start and stop plugins, wait for readiness, shut down. */
@Component(service = PluginCommands.class)
@GogoCommand(scope = "keel", function = {"plugins", "plugin", "start", "stop", "ready", "shutdown"})
public final class PluginCommands {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final PluginRuntime runtime;
    private final DeployMonitor deploy;
    private final Readiness readiness;
    private final BundleContext context;

    @Activate
    public PluginCommands(@Reference PluginRuntime runtime, @Reference DeployMonitor deploy,
            @Reference Readiness readiness, BundleContext context) {
        this.runtime = runtime;
        this.deploy = deploy;
        this.readiness = readiness;
        this.context = context;
    }

    @Descriptor("list the plugins: name, version, bundle id, state, priority, started at")
    public String plugins() {
        return formatPlugins(runtime.plugins(), deploy.problems());
    }

    @Descriptor("show one plugin: its bundle, requirements, state and last failure")
    public String plugin(@Descriptor("the plugin name, as listed by keel:plugins") String name) {
        List<PluginStatus> versions = runtime.plugins().stream().filter(p -> p.name().equals(name)).toList();
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("unknown plugin: " + name + " (keel:plugins lists them)");
        }
        StringBuilder out = new StringBuilder();
        for (PluginStatus p : versions) {
            out.append(formatDetails(p));
        }
        return out.toString();
    }

    @Descriptor("start a stopped or failed plugin (after the plugins it requires)")
    public String start(@Descriptor("the plugin name") String name) {
        PluginStatus p = runtime.start(name);
        return outcome(p);
    }

    @Descriptor("stop a plugin, after the plugins that require it; it stays stopped until keel:start")
    public String stop(@Descriptor("the plugin name") String name) {
        PluginStatus p = runtime.stop(name);
        return outcome(p);
    }

    @Descriptor("wait until Keel is ready (start-up settled, every required plugin ACTIVE with its routes, storage up, "
            + "the shell listening) or nothing is on its way any more, then say whether Keel is ready")
    public String ready(@Descriptor("how long to wait at most, in seconds")
            @Parameter(names = {"-t", "--timeout"}, absentValue = "30") int seconds) throws InterruptedException {
        if (seconds < 0) {
            throw new IllegalArgumentException("the timeout must be 0 or more seconds, not " + seconds);
        }
        return readiness(readiness.await(Duration.ofSeconds(seconds)), deploy.problems().size(), seconds);
    }

    /** Some plugin is about to change state on its own. */
    static boolean transitional(List<PluginStatus> plugins) {
        return PluginStates.transitional(plugins);
    }

    static String readiness(Readiness.Report report, int problems, int seconds) {
        List<String> settling = report.failing().stream().filter(Part::settling).map(Part::reason).toList();
        if (!settling.isEmpty()) {
            return "Keel is not ready after " + seconds + " s: " + String.join("; ", settling);
        }
        Map<PluginState, List<String>> byState = new EnumMap<>(PluginState.class);
        for (PluginStatus p : report.plugins()) {
            byState.computeIfAbsent(p.state(), s -> new ArrayList<>()).add(p.name());
        }
        String deployNote = problems == 0 ? "" : "; " + problems + (problems == 1 ? " problem" : " problems")
                + " in deploy/ (keel:plugins)";
        List<String> notActive = new ArrayList<>();
        byState.forEach((state, names) -> {
            if (state != PluginState.ACTIVE) {
                notActive.add(names.size() + " " + state + " (" + String.join(", ", names) + ")");
            }
        });
        int active = byState.getOrDefault(PluginState.ACTIVE, List.of()).size();
        if (!notActive.isEmpty()) {
            return "Keel is up, but not every plugin is ACTIVE: " + active + " ACTIVE, " + String.join(", ", notActive)
                    + deployNote + "; keel:plugins says why";
        }
        if (!report.up()) {
            return "Keel is not ready: " + report.failing().stream().map(p -> p.kind() + " " + p.name() + ": "
                    + p.reason()).collect(Collectors.joining("; ")) + deployNote;
        }
        return "Keel is ready: " + active + (active == 1 ? " plugin" : " plugins") + " ACTIVE" + deployNote;
    }

    @Descriptor("stop Keel: plugins in reverse dependency order, then the framework")
    public String shutdown() throws Exception {
        context.getBundle(0).adapt(Framework.class).stop();
        return "Keel is stopping";
    }

    static String outcome(PluginStatus p) {
        String line = p.name() + " " + p.version() + ": " + p.state();
        if (!p.waitingFor().isEmpty()) {
            line += " (waiting for " + String.join(", ", p.waitingFor()) + ")";
        }
        if (p.failure() != null) {
            line += " (" + p.failure() + ")";
        }
        return line;
    }

    static String formatPlugins(List<PluginStatus> plugins, List<DeployProblem> problems) {
        Table table = new Table("NAME", "VERSION", "BUNDLE", "STATE", "PRIORITY", "STARTED", "INFO");
        for (PluginStatus p : plugins) {
            table.row(p.name(), p.version(), p.bundleId(), p.state(), p.priority(),
                    p.startedAt() == null ? "-" : TIME.format(p.startedAt()), info(p));
        }
        StringBuilder out = new StringBuilder(table.toString());
        if (!problems.isEmpty()) {
            out.append("\nProblems in deploy/:\n");
            Table t = new Table("FILE", "BUNDLE", "REASON");
            for (DeployProblem d : problems) {
                t.row(d.file(), d.bundleId() < 0 ? "-" : d.bundleId(), d.reason());
            }
            out.append(t);
        }
        return out.toString();
    }

    private static String info(PluginStatus p) {
        if (p.failure() != null) {
            return p.failure();
        }
        if (!p.waitingFor().isEmpty()) {
            return "waiting for " + String.join(", ", p.waitingFor());
        }
        return "";
    }

    static String formatDetails(PluginStatus p) {
        StringBuilder out = new StringBuilder();
        out.append(p.name()).append(' ').append(p.version()).append('\n');
        field(out, "state", p.state());
        field(out, "bundle", p.bundleId() + " " + p.bundleLocation());
        field(out, "priority", p.priority());
        field(out, "requires", p.requires().isEmpty() ? "-" : String.join(", ", p.requires()));
        field(out, "waiting for", p.waitingFor().isEmpty() ? "-" : String.join(", ", p.waitingFor()));
        field(out, "started at", p.startedAt() == null ? "-" : TIME.format(p.startedAt()));
        field(out, "last failure", p.failure() == null ? "-" : p.failure());
        return out.toString();
    }

    private static void field(StringBuilder out, String label, Object value) {
        out.append("  ").append(String.format("%-13s", label)).append(value).append('\n');
    }
}
