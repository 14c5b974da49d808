package dev.keel.kernel.shell;

import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.deploy.DeployMonitor;

/** {@code keel:health}: what {@code GET /health} answers, as a table. */
@Component(service = HealthCommands.class)
@GogoCommand(scope = "keel", function = {"health"})
public final class HealthCommands {

    private final PluginRuntime runtime;
    private final DeployMonitor deploy;

    @Activate
    public HealthCommands(@Reference PluginRuntime runtime, @Reference DeployMonitor deploy) {
        this.runtime = runtime;
        this.deploy = deploy;
    }

    @Descriptor("show health as GET /health does: UP when start-up has settled and every plugin is ACTIVE")
    public String health() {
        return format(runtime.plugins(), deploy.pending());
    }

    static String format(List<PluginStatus> plugins, List<String> pending) {
        boolean up = pending.isEmpty() && plugins.stream().allMatch(p -> p.state() == PluginState.ACTIVE);
        StringBuilder out = new StringBuilder("status: ").append(up ? "UP" : "DOWN").append('\n');
        if (!plugins.isEmpty()) {
            Table table = new Table("PLUGIN", "VERSION", "BUNDLE", "STATE", "INFO");
            for (PluginStatus p : plugins) {
                String info = p.failure() != null ? p.failure()
                        : p.waitingFor().isEmpty() ? "" : "waiting for " + String.join(", ", p.waitingFor());
                table.row(p.name(), p.version(), p.bundleId(), p.state(), info);
            }
            out.append(table);
        } else {
            out.append("no plugins\n");
        }
        for (String p : pending) {
            out.append("pending: ").append(p).append('\n');
        }
        return out.toString();
    }
}
