package dev.keel.kernel.shell;

import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.kernel.events.EventMonitor;
import dev.keel.kernel.events.EventMonitor.HandlerProblem;
import dev.keel.kernel.events.EventMonitor.TopicCount;

/** The {@code keel:events} command: events per topic, and the handlers EventAdmin reported. */
@Component(service = EventCommands.class)
@GogoCommand(scope = "keel", function = {"events"})
public final class EventCommands {

    private final EventMonitor monitor;

    @Activate
    public EventCommands(@Reference EventMonitor monitor) {
        this.monitor = monitor;
    }

    @Descriptor("events seen per topic (count, last seen), then the event handlers that timed out or threw")
    public String events(@Descriptor("only topics that start with this")
            @Parameter(names = {"-t", "--topic"}, absentValue = "") String prefix) {
        List<TopicCount> topics = monitor.topics().stream().filter(t -> t.topic().startsWith(prefix)).toList();
        return format(topics, monitor.problems(), prefix);
    }

    static String format(List<TopicCount> topics, List<HandlerProblem> problems, String prefix) {
        StringBuilder out = new StringBuilder();
        if (topics.isEmpty()) {
            out.append(prefix.isEmpty() ? "No events seen yet.\n" : "No events seen on topics starting with " + prefix + "\n");
        } else {
            Table table = new Table("TOPIC", "COUNT", "LAST SEEN");
            for (TopicCount t : topics) {
                table.row(t.topic(), t.count(), t.lastSeen() == null ? "-" : PluginCommands.TIME.format(t.lastSeen()));
            }
            out.append(table);
        }
        if (!problems.isEmpty()) {
            out.append("\nProblem handlers:\n");
            Table table = new Table("BUNDLE", "HANDLER", "REASON", "TIMES", "LAST");
            for (HandlerProblem p : problems) {
                table.row(p.bundle() + " [" + p.bundleId() + "]", p.handler(), p.reason(), p.count(),
                        p.lastSeen() == null ? "-" : PluginCommands.TIME.format(p.lastSeen()));
            }
            out.append(table);
        }
        return out.toString();
    }
}
