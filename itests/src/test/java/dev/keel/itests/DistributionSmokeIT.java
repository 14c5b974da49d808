package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.Test;

import dev.keel.itests.fixture.startfails.StartFailsPlugin;

/**
 * Starts the assembled distribution as a new user does ({@code bin/keel},
 * foreground, console on stdin) from a copy whose path has spaces, and talks
 * to it over HTTP and the console.
 */
public class DistributionSmokeIT {

    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(30);
    private static final String PROMPT = "keel> ";

    @Test
    public void startsServesSurvivesBrokenJarsAndStopsCleanly() throws Exception {
        try (KeelProcess keel = KeelProcess.copyOfDistribution().start()) {
            Await.until("/health answers 200", BOOT, () -> keel.status("/health") == 200 || !keel.alive(),
                    keel::output);
            assertTrue("Keel exited during start:\n" + keel.output(), keel.alive());

            Await.until("the console says Keel is ready", () -> keel.output().contains("Keel is ready: 3 plugins ACTIVE"),
                    keel::output);
            keel.type("keel:plugins");
            for (String plugin : List.of("user", "payment", "order")) {
                Await.until(plugin + " ACTIVE in keel:plugins", () -> tableRow(plugin, "ACTIVE").matcher(keel.output()).find(),
                        keel::output);
            }

            Path scratch = keel.scratch();
            keel.deploy(Jars.write(scratch.resolve("notes.jar"), null, Map.of("notes.txt", Jars.text("not code"))));
            keel.deploy(Jars.write(scratch.resolve("unresolvable.jar"), Jars.manifest(Map.of(
                    "Bundle-ManifestVersion", "2",
                    "Bundle-SymbolicName", "dev.keel.smoke.unresolvable",
                    "Bundle-Name", "Unresolvable smoke bundle",
                    "Bundle-Version", "1.0.0",
                    "Import-Package", "does.not.exist")), Map.of()));
            keel.deploy(startFailsBundle(scratch.resolve("startfails.jar")));

            Await.until("the non-bundle jar is reported", () -> keel.output()
                    .matches("(?s).*ERROR .*notes\\.jar: not an OSGi bundle: the jar has no META-INF/MANIFEST\\.MF.*"),
                    keel::output);
            Await.until("the unresolvable bundle is reported", () -> keel.output()
                    .matches("(?s).*ERROR .*unresolvable\\.jar \\(bundle \\d+\\): cannot resolve: missing package does\\.not\\.exist.*"),
                    keel::output);
            Await.until("the throwing plugin is FAILED", () -> keel.output()
                    .matches("(?s).*ERROR .*plugin startfails 1\\.0\\.0 \\(bundle \\d+\\) from startfails\\.jar FAILED: "
                            + "start\\(\\) threw IllegalStateException: cannot reach the fraud service.*"),
                    keel::output);

            // the platform keeps serving, and health says why it is not all green
            HttpResponse<String> health = keel.get("/health");
            assertEquals(503, health.statusCode());
            assertTrue(health.body(), health.body().contains("\"name\":\"user\",\"version\""));
            assertTrue(health.body(), health.body().contains("\"state\":\"FAILED\""));

            int mark = keel.output().length();
            keel.type("keel:plugins");
            keel.type("lb");
            Await.until("keel:plugins lists the failure and the deploy problems", () -> {
                String out = keel.output().substring(mark);
                return tableRow("startfails", "FAILED").matcher(out).find()
                        && out.contains("Problems in deploy/:")
                        && Pattern.compile("(?m)^deploy/notes\\.jar\\s+-\\s+not an OSGi bundle").matcher(out).find()
                        && Pattern.compile("(?m)^deploy/unresolvable\\.jar\\s+\\d+\\s+cannot resolve").matcher(out).find()
                        && Pattern.compile("(?m)Installed\\s*\\|.*Unresolvable smoke bundle").matcher(out).find()
                        && tableRow("order", "ACTIVE").matcher(out).find();
            }, keel::output);

            // removing the jars uninstalls them, and health is green again
            for (String jar : List.of("startfails.jar", "unresolvable.jar", "notes.jar")) {
                Files.delete(keel.home().resolve("deploy").resolve(jar));
            }
            Await.until("/health is 200 again", () -> keel.status("/health") == 200, keel::output);
            Await.until("the removed non-bundle jar is forgotten",
                    () -> keel.output().contains("notes.jar: removed"), keel::output);

            keel.type("shutdown");
            assertEquals("exit code after shutdown", 0, keel.waitForExit(STOP));
            assertCleanOutput(keel.output());
            assertTrue(keel.output(), keel.output().contains("plugin order"));
        }
    }

    @Test
    public void endOfInputStopsKeelCleanly() throws Exception {
        try (KeelProcess keel = KeelProcess.copyOfDistribution().start()) {
            Await.until("/health answers 200", BOOT, () -> keel.status("/health") == 200 || !keel.alive(),
                    keel::output);
            keel.endInput();
            assertEquals("exit code after Ctrl-D", 0, keel.waitForExit(STOP));
            assertCleanOutput(keel.output());
            assertTrue(keel.output(), Pattern.compile("plugin payment \\S+ \\(bundle \\d+\\) STOPPED")
                    .matcher(keel.output()).find());
        }
    }

    @Test
    public void theConsoleOfBinKeelCompletesWithTabOnATerminal() throws Exception {
        try (KeelProcess keel = KeelProcess.copyOfDistribution().startOnTerminal()) {
            Await.until("the console says Keel is ready", BOOT, () -> keel.output().contains("Keel is ready: 3 plugins ACTIVE")
                    || !keel.alive(), keel::output);
            String leave = "Ctrl-D, 'exit' or 'shutdown' stops Keel.";
            Await.until("the prompt after the greeting", () -> keel.output().contains(leave)
                    && keel.output().substring(keel.output().indexOf(leave)).contains(PROMPT), keel::output);
            for (String group : List.of("plugins", "releases", "governance", "config", "log")) {
                assertTrue("the greeting has a line for " + group + ":\n" + keel.output(),
                        Pattern.compile("(?m)^  " + group + " +keel:").matcher(keel.output()).find());
            }
            int mark = keel.output().length();
            keel.keys("keel:he\t"); // completes to keel:health, the only command that starts so
            Await.until("Tab completed the command", () -> keel.output().substring(mark).contains("keel:health"),
                    keel::output);
            keel.keys("\r");
            Await.until("keel:health ran", () -> keel.output().substring(mark).contains("status: UP"), keel::output);
            int next = keel.output().length();
            keel.keys("keel:plugin pay\t\r"); // a plugin name completes too
            Await.until("keel:plugin payment ran", () -> keel.output().substring(next).contains("state        ACTIVE"),
                    keel::output);
            assertFalse(keel.output(), keel.output().contains("Command not found"));

            keel.keys("\u0004"); // Ctrl-D
            assertEquals("exit code after Ctrl-D on the terminal", 0, keel.waitForExit(STOP));
            assertCleanOutput(keel.output());
        }
    }

    @Test
    public void aTakenPortIsOneClearLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                KeelProcess keel = KeelProcess.copyOfDistribution()) {
            ProcessBuilder pb = new ProcessBuilder(keel.home().resolve("bin/keel").toString()).redirectErrorStream(true);
            pb.environment().put("KEEL_HTTP_PORT", String.valueOf(taken.getLocalPort()));
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue("bin/keel did not stop", p.waitFor(STOP.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(1, p.exitValue());
            assertEquals("keel: HTTP port " + taken.getLocalPort()
                    + " is already in use; stop what listens there or set KEEL_HTTP_PORT to a free port\n", out);
        }
    }

    /** A row of the keel:plugins table (a log line never matches: it has no bundle id right after the version). */
    private static Pattern tableRow(String plugin, String state) {
        return Pattern.compile("(?m)^(keel> )?" + plugin + "\\s+\\S+\\s+\\d+\\s+" + state + "\\s+\\d+");
    }

    private static void assertCleanOutput(String output) {
        assertFalse("a stack trace was printed:\n" + output, output.contains("\tat "));
        assertFalse("an exception escaped:\n" + output, output.contains("Exception in thread"));
    }

    /** A bundle with {@link StartFailsPlugin} registered as a Plugin (priority 50). */
    private static Path startFailsBundle(Path jar) throws IOException {
        return FixtureBundles.build(jar, "dev.keel.smoke.startfails", "1.0.0", Map.of(), Map.of(), StartFailsPlugin.class);
    }
}
