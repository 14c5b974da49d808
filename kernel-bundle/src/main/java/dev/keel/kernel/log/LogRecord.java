package dev.keel.kernel.log;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.osgi.framework.Bundle;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;

/**
 * One log record as the kernel keeps it: when, how severe, who logged it
 * (plugin name and version when the bundle registered a plugin, else the
 * bundle), logger, thread, message and exception.
 */
public record LogRecord(Instant time, LogLevel level, String bundle, String bundleVersion, String plugin,
        String pluginVersion, String logger, String thread, String message, Throwable exception) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    static LogRecord of(LogEntry entry, PluginIdentity.Id plugin) {
        Bundle b = entry.getBundle();
        return new LogRecord(Instant.ofEpochMilli(entry.getTime()), entry.getLogLevel(),
                b == null ? null : b.getSymbolicName(), b == null ? null : b.getVersion().toString(),
                plugin == null ? null : plugin.name(), plugin == null ? null : plugin.version(),
                entry.getLoggerName(), entry.getThreadInfo(), entry.getMessage(), entry.getException());
    }

    /** The plugin name, else the bundle symbolic name. */
    public String source() {
        return plugin != null ? plugin : bundle;
    }

    /** The short human form of the console: {@code 08:09:31.123 INFO  [payment] message (Exception: why)}. */
    public String human() {
        StringBuilder line = new StringBuilder();
        line.append(TIME.format(time)).append(' ');
        line.append(String.format("%-5s", level.name())).append(' ');
        if (source() != null) {
            line.append('[').append(source()).append("] ");
        }
        line.append(message);
        Throwable t = exception;
        if (t != null && (message == null || !message.contains(String.valueOf(t.getMessage())))) {
            String why = t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse("");
            line.append(" (").append(t.getClass().getSimpleName());
            if (!why.isEmpty()) {
                line.append(": ").append(why);
            }
            line.append(')');
        }
        return line.toString();
    }
}
