package dev.keel.kernel.log;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Formats a record as one line of JSON: {@code time} (ISO-8601, UTC),
 * {@code level}, {@code plugin} (when a plugin logged it), {@code bundle},
 * {@code version} (the plugin's, else the bundle's), {@code logger},
 * {@code thread}, {@code message}, and {@code exception} with the full stack trace.
 */
final class JsonLine {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneOffset.UTC);

    private static final JsonFactory JSON = new JsonFactory();

    private JsonLine() {
    }

    static String format(LogRecord r) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", TIME.format(r.time()));
            g.writeStringField("level", r.level().name());
            if (r.plugin() != null) {
                g.writeStringField("plugin", r.plugin());
            }
            field(g, "bundle", r.bundle());
            field(g, "version", r.plugin() != null ? r.pluginVersion() : r.bundleVersion());
            field(g, "logger", r.logger());
            field(g, "thread", r.thread());
            field(g, "message", r.message());
            if (r.exception() != null) {
                g.writeStringField("exception", stackTrace(r.exception()));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void field(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    static String stackTrace(Throwable t) {
        StringWriter trace = new StringWriter();
        try (PrintWriter w = new PrintWriter(trace)) {
            t.printStackTrace(w);
        }
        return trace.toString().stripTrailing();
    }
}
