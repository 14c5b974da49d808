package dev.keel.kernel.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogLevel;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.config.ConfigEditor;
import dev.keel.kernel.log.LogLevels;
import dev.keel.kernel.log.LogRecord;
import dev.keel.kernel.log.LogSink;
import dev.keel.kernel.util.Poll;

/** The {@code keel:log} commands: show and set log levels live, show the last records. */
@Component(service = LogCommands.class)
@GogoCommand(scope = "keel", function = {"log"})
public final class LogCommands {

    static final int DEFAULT_TAIL = 20;
    static final Duration APPLY = Duration.ofSeconds(15);

    private final LogLevels levels;
    private final LogSink sink;
    private final ConfigEditor editor;
    private final PluginRuntime runtime;
    private final BundleContext context;

    @Activate
    public LogCommands(@Reference LogLevels levels, @Reference LogSink sink, @Reference ConfigEditor editor,
            @Reference PluginRuntime runtime, BundleContext context) {
        this.levels = levels;
        this.sink = sink;
        this.editor = editor;
        this.runtime = runtime;
        this.context = context;
    }

    @Descriptor("keel:log level - the level of the root and of each plugin; keel:log tail - the last 20 records")
    public String log(@Descriptor("level or tail") String what) {
        return switch (what) {
            case "level" -> levelTable();
            case "tail" -> tail(DEFAULT_TAIL);
            default -> throw usage(what);
        };
    }

    @Descriptor("keel:log tail <n> - the last n records, oldest first")
    public String log(@Descriptor("tail") String what, @Descriptor("how many records") String n) {
        if (!what.equals("tail")) {
            throw usage(what);
        }
        try {
            int count = Integer.parseInt(n);
            if (count >= 1) {
                return tail(count);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("keel:log tail takes a number of records of at least 1, not " + n);
    }

    @Descriptor("keel:log level <plugin|root> <LEVEL> - set a level live and write it to etc/keel.log.cfg")
    public String log(@Descriptor("level") String what,
            @Descriptor("a plugin name, root, or a bundle symbolic name") String name,
            @Descriptor("TRACE, DEBUG, INFO, WARN, ERROR or AUDIT") String level) throws IOException {
        if (!what.equals("level")) {
            throw usage(what);
        }
        LogLevel wanted = LogLevels.parse(level);
        if (wanted == null) {
            throw new IllegalArgumentException("not a log level: " + level
                    + " (allowed: TRACE, DEBUG, INFO, WARN, ERROR, AUDIT)");
        }
        Path file = editor.set(LogSink.PID, LogLevels.PREFIX + name, wanted.name());
        if (!Poll.until(() -> levels.configured().get(name) == wanted, APPLY)) {
            throw new IllegalStateException(Thread.currentThread().isInterrupted()
                    ? "interrupted while applying the level"
                    : "written to " + file + " but not applied within " + APPLY.toSeconds() + " s");
        }
        boolean plugin = name.equals(LogLevels.ROOT) || runtime.plugin(name).isPresent();
        return name + ": " + wanted + " (written to " + ConfigCommands.display(file) + ")"
                + (plugin ? "" : "; no plugin is called " + name + ": taken as a bundle symbolic name");
    }

    private String levelTable() {
        Map<String, LogLevel> configured = levels.configured();
        Map<String, LogLevel> effective = new LinkedHashMap<>(levels.effective());
        Map<String, String> bundles = new LinkedHashMap<>();
        for (PluginStatus p : runtime.plugins()) {
            var b = context.getBundle(p.bundleId());
            bundles.putIfAbsent(p.name(), b == null ? "-" : b.getSymbolicName());
        }
        configured.forEach((name, level) -> effective.putIfAbsent(name, level));
        Table table = new Table("NAME", "BUNDLE", "LEVEL", "CONFIGURED");
        effective.forEach((name, level) -> table.row(name, bundles.getOrDefault(name,
                name.equals(LogLevels.ROOT) ? "-" : name), level, configured.containsKey(name)
                        ? configured.get(name) : "-"));
        return table.toString();
    }

    private String tail(int n) {
        List<LogRecord> records = sink.tail(n);
        StringBuilder out = new StringBuilder();
        for (LogRecord r : records) {
            out.append(r.human()).append('\n');
        }
        return out.toString();
    }

    private static IllegalArgumentException usage(String what) {
        return new IllegalArgumentException("unknown keel:log command " + what.toLowerCase(Locale.ROOT)
                + ": use keel:log level [<plugin|root> <LEVEL>] or keel:log tail [n]");
    }
}
