package dev.keel.kernel.log;

import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/**
 * Writes log records to the console as short lines: INFO and above from
 * components, WARN and above for the framework's own event records.
 */
@Component(immediate = true)
public final class ConsoleLogSink implements LogListener {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    private final LogReaderService reader;
    private final PrintStream out = System.out;

    @Activate
    public ConsoleLogSink(@Reference LogReaderService reader) {
        this.reader = reader;
        reader.addLogListener(this);
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        if (!shown(entry)) {
            return;
        }
        out.println(format(entry));
    }

    static boolean shown(LogEntry entry) {
        LogLevel level = entry.getLogLevel();
        // LogLevel.implies reads "is at least as verbose as": INFO implies WARN, not DEBUG
        return frameworkEvent(entry) ? LogLevel.WARN.implies(level) : LogLevel.INFO.implies(level);
    }

    /** Felix Log's own records of bundle, service and framework events. */
    static boolean frameworkEvent(LogEntry entry) {
        String logger = entry.getLoggerName();
        String message = entry.getMessage();
        return (logger != null && logger.startsWith("Events."))
                || (message != null && (message.startsWith("ServiceEvent ") || message.startsWith("BundleEvent ")
                        || message.startsWith("FrameworkEvent ")));
    }

    static String format(LogEntry entry) {
        StringBuilder line = new StringBuilder();
        line.append(TIME.format(java.time.Instant.ofEpochMilli(entry.getTime()))).append(' ');
        line.append(String.format("%-5s", entry.getLogLevel().name())).append(' ');
        if (entry.getBundle() != null) {
            line.append('[').append(entry.getBundle().getSymbolicName()).append("] ");
        }
        line.append(entry.getMessage());
        Throwable t = entry.getException();
        if (t != null && (entry.getMessage() == null || !entry.getMessage().contains(String.valueOf(t.getMessage())))) {
            String message = t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse("");
            line.append(" (").append(t.getClass().getSimpleName());
            if (!message.isEmpty()) {
                line.append(": ").append(message);
            }
            line.append(')');
        }
        return line.toString();
    }
}
