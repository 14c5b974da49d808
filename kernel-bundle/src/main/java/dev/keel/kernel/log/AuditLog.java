package dev.keel.kernel.log;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import dev.keel.kernel.security.Audit;

/**
 * The audit trail: {@code audit.log} beside {@code keel.log} (by default
 * {@code data/log/audit.log}), one JSON object per line with {@code when}
 * (ISO-8601, UTC), {@code who}, {@code via}, {@code from}, {@code action},
 * {@code target}, {@code details} (an object of strings) and {@code result}.
 * Every value is a JSON string, so a newline or a quote in a user name cannot
 * forge a line. The folder is 0700 and the files 0600; rotated by size like
 * {@code keel.log}. Each act is written and flushed before {@link #record}
 * returns: privileged acts are rare, and a trail must not lose its last line.
 */
@Component(service = Audit.class)
public final class AuditLog implements Audit {

    /** The file name, in the folder of {@code keel.log}. */
    public static final String FILE = "audit.log";

    private static final JsonFactory JSON = new JsonFactory();

    private final Logger log;
    private final Path file;
    private final Clock clock;
    private RotatingFile out;

    @Activate
    public AuditLog(@Reference LogSink sink, @Reference(service = LoggerFactory.class) Logger log) {
        this(sink.file().resolveSibling(FILE), sink.maxFileBytes(), sink.maxFiles(), log, Clock.systemUTC());
    }

    AuditLog(Path file, long maxBytes, int maxFiles, Logger log, Clock clock) {
        this.log = log;
        this.file = file.toAbsolutePath();
        this.clock = clock;
        try {
            this.out = new RotatingFile(this.file, maxBytes, maxFiles);
        } catch (IOException e) {
            log.error("audit: cannot open {}: {}", this.file, e.toString());
        }
    }

    @Deactivate
    synchronized void deactivate() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                log.warn("audit: cannot close {}: {}", file, e.toString());
            }
            out = null;
        }
    }

    /** @return the audit log file */
    public Path file() {
        return file;
    }

    @Override
    public void record(Actor who, String action, String target, Map<String, String> details, String result) {
        String line = line(clock.millis(), who, action, target, details, result);
        synchronized (this) {
            if (out == null) {
                log.error("audit: {} is not open; lost: {}", file, line);
                return;
            }
            try {
                out.write(line);
                out.flush();
            } catch (IOException e) {
                log.error("audit: cannot write {}: {}; lost: {}", file, e.toString(), line);
            }
        }
    }

    static String line(long epochMillis, Actor who, String action, String target, Map<String, String> details,
            String result) {
        StringWriter text = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.writeStartObject();
            g.writeStringField("when", new TimeStamps().append(new StringBuilder(24), epochMillis).toString());
            g.writeStringField("who", who == null ? "" : orEmpty(who.subject()));
            g.writeStringField("via", who == null ? "" : orEmpty(who.via()));
            g.writeStringField("from", who == null ? "" : orEmpty(who.from()));
            g.writeStringField("action", orEmpty(action));
            g.writeStringField("target", orEmpty(target));
            g.writeObjectFieldStart("details");
            if (details != null) {
                for (Map.Entry<String, String> d : new TreeMap<>(details).entrySet()) {
                    g.writeStringField(d.getKey(), orEmpty(d.getValue()));
                }
            }
            g.writeEndObject();
            g.writeStringField("result", orEmpty(result));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
