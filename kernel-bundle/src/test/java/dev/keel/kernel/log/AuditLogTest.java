package dev.keel.kernel.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.kernel.security.Audit.Actor;

class AuditLogTest {

    private static final Logger LOG = (Logger) Proxy.newProxyInstance(AuditLogTest.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (p, m, a) -> null);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T23:59:01.042Z"), ZoneOffset.UTC);

    @TempDir
    Path home;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void writesOneJsonLinePerActWithEveryField() throws Exception {
        Path file = home.resolve("data/log/audit.log");
        AuditLog audit = new AuditLog(file, 1_000_000, 3, LOG, CLOCK);
        audit.record(new Actor("alice", "http", "127.0.0.1"), "bundle.update", "payment",
                Map.of("location", "file:/keel/deploy/p.jar", "sha256", "ab12"), "ok");
        audit.record(new Actor("bob", "ssh", "ssh:bob@10.0.0.1:4000#2"), "release.rollback", "payment", Map.of(),
                "refused");
        audit.deactivate();

        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        JsonNode first = json.readTree(lines.get(0));
        assertEquals("2026-12-01T23:59:01.042Z", first.get("when").asText());
        assertEquals("alice", first.get("who").asText());
        assertEquals("http", first.get("via").asText());
        assertEquals("127.0.0.1", first.get("from").asText());
        assertEquals("bundle.update", first.get("action").asText());
        assertEquals("payment", first.get("target").asText());
        assertEquals("file:/keel/deploy/p.jar", first.get("details").get("location").asText());
        assertEquals("ab12", first.get("details").get("sha256").asText());
        assertEquals("ok", first.get("result").asText());
        assertEquals("ssh:bob@10.0.0.1:4000#2", json.readTree(lines.get(1)).get("from").asText());
    }

    @Test
    void aNewlineOrQuoteInAUserStringCannotForgeALine() throws Exception {
        Path file = home.resolve("log/audit.log");
        AuditLog audit = new AuditLog(file, 1_000_000, 3, LOG, CLOCK);
        String forged = "eve\n{\"who\":\"admin\",\"result\":\"ok\"}";
        audit.record(new Actor(forged, "ssh", "x"), "login", forged, Map.of("command", "a\"b\r\n"), "refused");
        audit.deactivate();

        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size());
        JsonNode line = json.readTree(lines.get(0));
        assertEquals(forged, line.get("who").asText());
        assertEquals("a\"b\r\n", line.get("details").get("command").asText());
    }

    @Test
    void theFolderIsOwnerOnlyAndEveryFileToo() throws Exception {
        Path file = home.resolve("data/log/audit.log");
        Files.createDirectories(file.getParent());
        Files.writeString(file, ""); // left world-readable by an older Keel
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        AuditLog audit = new AuditLog(file, 300, 3, LOG, CLOCK);
        for (int i = 0; i < 5; i++) {
            audit.record(new Actor("alice", "http", "127.0.0.1"), "config.set", "keel.http",
                    Map.of("key", "port" + i), "ok"); // about 170 bytes each: rotates
        }
        audit.deactivate();

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Path rotated = file.resolveSibling("audit.log.1");
        assertTrue(Files.exists(rotated), "rotated by size");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(rotated)));
        assertTrue(Files.readString(file).contains("port4"));
    }

    @Test
    void unknownPartsAreEmptyStringsNeverMissingFields() throws Exception {
        JsonNode line = json.readTree(AuditLog.line(0, null, "release.rollback", null, null, null));
        for (String field : List.of("when", "who", "via", "from", "action", "target", "result")) {
            assertTrue(line.get(field).isTextual(), field);
        }
        assertTrue(line.get("details").isObject());
    }
}
