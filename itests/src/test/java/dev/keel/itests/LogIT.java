package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.PluginState;
import dev.keel.itests.fixture.logging.LoggingPlugin;

/** The kernel's log sink and levels on the real bundles: JSON file, plugin identity, live levels, rotation. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LogIT extends KeelTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    private LoggerFactory loggers;

    private final List<Bundle> installed = new ArrayList<>();

    @Configuration
    public Option[] config() throws IOException {
        return KeelOptions.kernelOnly(KeelOptions.freePort(),
                Fixtures.option("alpha-1.2.3", FixtureBundles.logging("alpha", "1.2.3")),
                Fixtures.option("alpha-1.0.0", FixtureBundles.logging("alpha", "1.0.0")),
                Fixtures.option("beta-1.0.0", FixtureBundles.logging("beta", "1.0.0")));
    }

    @After
    public void cleanUp() throws Exception {
        for (Bundle b : installed) {
            b.uninstall();
        }
        Files.deleteIfExists(etc().resolve("keel.log.cfg"));
        org.osgi.service.cm.Configuration[] left = configAdmin.listConfigurations("(service.pid=keel.log)");
        if (left != null) {
            for (org.osgi.service.cm.Configuration c : left) {
                try {
                    c.delete();
                } catch (IllegalStateException alreadyGone) {
                    // FileInstall deleted it with its file
                }
            }
        }
        Await.until("keel.log configuration gone", () -> {
            try {
                return configAdmin.listConfigurations("(service.pid=keel.log)") == null;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    public void recordsInTheJsonFileCarryThePluginNameAndVersion() throws Exception {
        startPlugin("alpha", "1.2.3");
        Map<String, JsonNode> started = awaitRecord(logFile(), "alpha started");
        JsonNode r = started.values().iterator().next();
        assertEquals("INFO", r.get("level").asText());
        assertEquals("alpha", r.get("plugin").asText());
        assertEquals("1.2.3", r.get("version").asText());
        assertEquals("dev.keel.itest.alpha", r.get("bundle").asText());
        assertEquals(LoggingPlugin.class.getName(), r.get("logger").asText());
        assertTrue(r.get("thread").asText(), r.get("thread").asText().startsWith("keel-plugin-"));
        OffsetDateTime.parse(r.get("time").asText());

        // the kernel's own records name its bundle and version
        JsonNode kernel = awaitRecord(logFile(), "plugin alpha 1.2.3").values().iterator().next();
        assertFalse(kernel.has("plugin"));
        assertEquals("dev.keel.kernel-bundle", kernel.get("bundle").asText());
        assertTrue(kernel.get("version").asText().startsWith("0.1.0"));
    }

    @Test
    public void aLevelSetForOnePluginAppliesLiveToThatPluginOnly() throws Exception {
        startPlugin("alpha", "1.0.0");
        startPlugin("beta", "1.0.0");
        awaitRecord(logFile(), "beta started");

        String out = Shell.run(context, "keel:log level alpha DEBUG");
        assertTrue(out, out.startsWith("alpha: DEBUG (written to "));
        Properties cfg = new Properties();
        try (var r = Files.newBufferedReader(etc().resolve("keel.log.cfg"), StandardCharsets.ISO_8859_1)) {
            cfg.load(r);
        }
        assertEquals("DEBUG", cfg.getProperty("level.alpha"));
        String table = Shell.run(context, "keel:log level");
        assertTrue(table, table.matches("(?s).*\\nalpha\\s+dev\\.keel\\.itest\\.alpha\\s+DEBUG\\s+DEBUG\\n.*"));
        assertTrue(table, table.matches("(?s).*\\nbeta\\s+dev\\.keel\\.itest\\.beta\\s+INFO\\s+-\\n.*"));

        for (String name : List.of("alpha", "beta")) {
            runtime.stop(name);
            runtime.start(name);
        }
        awaitRecord(logFile(), "alpha debug on start");
        List<String> betaStarted = new ArrayList<>();
        Await.until("beta started twice", () -> {
            betaStarted.clear();
            betaStarted.addAll(lines(logFile(), "beta started"));
            return betaStarted.size() == 2;
        });
        // beta logged its DEBUG line just before its second "started": it was not written
        assertEquals(List.of(), lines(logFile(), "beta debug"));
        assertEquals(1, lines(logFile(), "alpha debug on start").size());
        JsonNode debug = JSON.readTree(lines(logFile(), "alpha debug on start").get(0));
        assertEquals("DEBUG", debug.get("level").asText());
        assertEquals("alpha", debug.get("plugin").asText());

        assertTrue(Shell.run(context, "keel:log tail 200").contains("DEBUG [alpha] alpha debug on start"));
    }

    @Test
    public void theFileRotatesAtTheConfiguredSizeKeepingAtMostTheConfiguredFiles() throws Exception {
        Path dir = Files.createTempDirectory("keel-itest-rotation");
        Path file = dir.resolve("keel.log");
        org.osgi.service.cm.Configuration cfg = configAdmin.getConfiguration("keel.log", "?");
        cfg.update(new Hashtable<>(Map.of("file", file.toString(), "max.file.bytes", 2048L, "max.files", 3)));
        Await.until("the sink writes to the new file", () -> Files.exists(file));

        Logger log = loggers.getLogger("rotation");
        for (int i = 0; i < 200; i++) {
            log.info("rotation record {} with some words to make the line longer", String.format("%03d", i));
        }
        Await.until("record 199 written", Duration.ofSeconds(30),
                () -> !lines(file, "rotation record 199").isEmpty());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        assertEquals(List.of(file, dir.resolve("keel.log.1"), dir.resolve("keel.log.2")), files);
        for (Path f : files) {
            assertTrue(f + ": " + Files.size(f), Files.size(f) <= 2048);
        }
        assertTrue(lines(file, "rotation record 198").size() + lines(dir.resolve("keel.log.1"), "rotation record 198")
                .size() == 1);
    }

    @Test
    public void tailShowsTheLastRecordsInTheHumanForm() throws Exception {
        Logger log = loggers.getLogger("tail");
        log.info("tail marker one");
        log.warn("tail marker two");
        Await.until("marker two in the tail", () -> tail(2).contains("tail marker two"));
        String out = tail(2);
        String[] lines = out.split("\n");
        assertEquals(out, 2, lines.length);
        assertTrue(out, lines[0].matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[\\S+\\] tail marker one"));
        assertTrue(out, lines[1].matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  \\[\\S+\\] tail marker two"));
    }

    // --- helpers ---------------------------------------------------------------

    private String tail(int n) {
        try {
            return Shell.run(context, "keel:log tail " + n);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Path etc() {
        return Path.of(Objects.requireNonNull(context.getProperty("felix.fileinstall.dir")));
    }

    private Path logFile() {
        return Path.of(Objects.requireNonNull(context.getProperty("keel.log.file")));
    }

    private static List<String> lines(Path file, String text) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> l.contains(text)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Map<String, JsonNode> awaitRecord(Path file, String text) throws IOException {
        Await.until("a record with '" + text + "' in " + file, Duration.ofSeconds(30),
                () -> !lines(file, text).isEmpty());
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String line : lines(file, text)) {
            out.put(line, JSON.readTree(line));
        }
        return out;
    }

    /** Installs and starts the {@link LoggingPlugin} bundle {@code name} {@code version}, and waits until it is ACTIVE. */
    private void startPlugin(String name, String version) throws Exception {
        Bundle b = Fixtures.install(context, name + "-" + version);
        installed.add(b);
        b.start();
        awaitState(name, PluginState.ACTIVE);
    }
}
