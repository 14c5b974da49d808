package dev.keel.kernel.security;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import dev.keel.kernel.util.LogText;

/**
 * The audit trail in {@code data/log/audit.log} (owner-only): one JSON object per
 * line with {@code time}, {@code subject}, {@code via}, {@code from}, {@code action},
 * {@code target}, the details and {@code result}; Jackson escapes every value, so
 * a newline in a user name cannot start a line of its own.
 */
@Component(service = Audit.class)
public final class AuditImpl implements Audit {

    private static final JsonFactory JSON = new JsonFactory();

    private final Path file;
    private final Clock clock;
    private final Logger log;

    @Activate
    public AuditImpl(BundleContext context, @Reference(service = LoggerFactory.class) Logger log) {
        this(Homes.home(context).resolve("data/log/audit.log"), Clock.systemUTC(), log);
    }

    AuditImpl(Path file, Clock clock, Logger log) {
        this.file = file;
        this.clock = clock;
        this.log = log;
    }

    @Override
    public void record(Actor who, String action, String target, Map<String, String> details, String result) {
        String line = line(clock.instant(), who, action, target, details, result);
        try {
            append(line);
        } catch (IOException e) {
            log.error("audit: cannot append to {}: {}; the line was {}", file, LogText.escape(e.getMessage()), line);
        }
    }

    static String line(Instant time, Actor who, String action, String target, Map<String, String> details,
            String result) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", time.toString());
            g.writeStringField("subject", who.subject());
            g.writeStringField("via", who.via());
            g.writeStringField("from", who.from());
            g.writeStringField("action", action);
            g.writeStringField("target", target);
            for (Map.Entry<String, String> d : new TreeMap<>(details).entrySet()) {
                if (!Map.of("time", 0, "subject", 0, "via", 0, "from", 0, "action", 0, "target", 0, "result", 0)
                        .containsKey(d.getKey())) {
                    g.writeStringField(d.getKey(), d.getValue());
                }
            }
            g.writeStringField("result", result);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private synchronized void append(String line) throws IOException {
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            posix(dir, "rwx------");
        }
        if (!Files.exists(file)) {
            Files.createFile(file);
            posix(file, "rw-------");
        }
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static void posix(Path p, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's ACL applies
        }
    }
}
