package dev.keel.kernel.shell;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.api.PluginStatus;
import dev.keel.kernel.observe.Readiness;
import dev.keel.kernel.observe.ReadinessCheck.Part;

/** {@code keel:health}: what {@code GET /health} answers, as a table. */
@Component(service = HealthCommands.class)
@GogoCommand(scope = "keel", function = {"health"})
public final class HealthCommands {

    private final Readiness readiness;

    @Activate
    public HealthCommands(@Reference Readiness readiness) {
        this.readiness = readiness;
    }

    @Descriptor("show health as GET /health does: UP when start-up has settled, every required plugin is ACTIVE "
            + "with its routes, storage is up, the shell listens and no required breaker is open")
    public String health() {
        return format(readiness.report());
    }

    static String format(Readiness.Report report) {
        StringBuilder out = new StringBuilder("status: ").append(report.up() ? "UP" : "DOWN").append('\n');
        if (!report.plugins().isEmpty()) {
            Table table = new Table("PLUGIN", "VERSION", "BUNDLE", "STATE", "INFO");
            for (PluginStatus p : report.plugins()) {
                String info = p.failure() != null ? p.failure()
                        : p.waitingFor().isEmpty() ? "" : "waiting for " + String.join(", ", p.waitingFor());
                table.row(p.name(), p.version(), p.bundleId(), p.state(), info);
            }
            out.append(table);
        } else {
            out.append("no plugins\n");
        }
        for (String p : report.pending()) {
            out.append("pending: ").append(p).append('\n');
        }
        for (Part p : report.failing()) {
            // plugins are in the table and start-up in the pending lines
            if (!"plugin".equals(p.kind()) && !"startup".equals(p.kind())) {
                out.append("failing: ").append(p.kind()).append(' ').append(p.name()).append(": ").append(p.reason())
                        .append('\n');
            }
        }
        return out.toString();
    }
}
