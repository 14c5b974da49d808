package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Test;

import dev.keel.itests.KeelProcess.Result;

/**
 * Operates the assembled distribution as an operator does, from a copy whose
 * path has spaces: {@code bin/keel start}, {@code status}, {@code client} over
 * SSH (commands, a live plugin update, refusals), SIGTERM and {@code stop}.
 */
public class OperateIT {

    private static final Duration STOP = Duration.ofSeconds(60);

    @Test
    public void startStatusClientUpdateAndStopOnSigterm() throws Exception {
        try (KeelProcess keel = KeelProcess.copyOfDistribution()) {
            Result start = keel.command("start");
            assertEquals(start.toString(), 0, start.exit());
            long pid = keel.pid().orElseThrow();
            assertTrue(start.toString(), start.stdout().startsWith("Keel started: pid " + pid + ", HTTP port "
                    + keel.httpPort() + ", SSH port " + keel.sshPort() + "; log " + keel.home().resolve("data/log/keel.out")
                    + "\n"));
            // the home names no user admin: the first start's generated password is shown, as the console shows it
            assertTrue(start.toString(), Pattern.compile("\nKeel generated a password for user admin .*\n\n    "
                    + "[A-Za-z0-9]{20}\n.*It is not shown again", Pattern.DOTALL).matcher(start.stdout()).find());
            assertEquals("start returns once /health answers 200", 200, keel.status("/health"));

            Result again = keel.command("start");
            assertEquals(again.toString(), 1, again.exit());
            assertTrue(again.toString(), again.stderr().contains("Keel is already running from " + keel.home()
                    + " (pid " + pid + ")"));

            Result status = keel.command("status");
            assertEquals(status.toString(), 0, status.exit());
            assertTrue(status.toString(), Pattern.compile("^Keel is running: pid " + pid + ", up [0-9:-]+, HTTP port "
                    + keel.httpPort() + ", ready, SSH port " + keel.sshPort() + "\n$").matcher(status.stdout()).find());

            Result plugins = keel.command("client", "keel:plugins");
            assertEquals(plugins.toString(), 0, plugins.exit());
            for (String plugin : List.of("user", "payment", "order")) {
                assertTrue(plugins.toString(), row(plugin, "ACTIVE").matcher(plugins.stdout()).find());
            }
            Result health = keel.command("client", "keel:health");
            assertEquals(health.toString(), 0, health.exit());
            assertTrue(health.toString(), health.stdout().startsWith("status: UP\nPLUGIN "));

            Result unknown = keel.command("client", "keel:plugin", "no-such-plugin");
            assertEquals(unknown.toString(), 1, unknown.exit());
            assertEquals(unknown.toString(), "keel: unknown plugin: no-such-plugin (keel:plugins lists them)\n",
                    unknown.stderr());

            Result refused = keel.command("client", "keel:uninstall", "payment");
            assertEquals(refused.toString(), 1, refused.exit());
            assertTrue(refused.toString(), refused.stderr().startsWith("keel: order requires payment: not uninstalled"));

            // a new build of payment, from a path with spaces, while the platform runs
            Path jar;
            try (Stream<Path> files = Files.list(keel.home().resolve("deploy"))) {
                jar = files.filter(p -> p.getFileName().toString().startsWith("payment-bundle")).findFirst().orElseThrow();
            }
            // code is loaded only from under the Keel home (or https://): the new build goes there
            Path newBuild = Jars.withVersion(jar, Files.createDirectories(keel.home().resolve("builds"))
                    .resolve("payment new build.jar"), "9.9.9.ops");
            Result update = keel.command("client", "keel:update", "payment", newBuild.toString());
            assertEquals(update.toString(), 0, update.exit());
            assertTrue(update.toString(), Pattern.compile("^updated dev\\.keel\\.payment-bundle \\S+ -> 9\\.9\\.9\\.ops "
                    + "\\(bundle \\d+\\)\n").matcher(update.stdout()).find());
            assertTrue(update.toString(), row("payment", "ACTIVE").matcher(update.stdout()).find());
            Await.until("order is ACTIVE again after payment's update", () -> {
                try {
                    Result r = keel.command("client", "keel:plugins");
                    return row("order", "ACTIVE").matcher(r.stdout()).find();
                } catch (IOException | InterruptedException e) {
                    throw new AssertionError(e);
                }
            }, keel::log);

            // SIGTERM, as systemd sends it: plugins stop, the framework stops, the pid file goes
            int before = keel.log().length();
            ProcessHandle jvm = ProcessHandle.of(pid).orElseThrow();
            assertTrue(jvm.destroy());
            jvm.onExit().get(STOP.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            Await.until("the pid file is removed", () -> keel.pid().isEmpty(), keel::log);
            String stopLog = keel.log().substring(before);
            for (String plugin : List.of("order", "payment", "user")) {
                assertTrue(stopLog, Pattern.compile("plugin " + plugin + " \\S+ \\(bundle \\d+\\) STOPPED")
                        .matcher(stopLog).find());
            }
            assertFalse("a stack trace in the log:\n" + keel.log(), keel.log().contains("\tat "));
            assertTrue(stopLog, stopLog.indexOf("plugin order") < stopLog.indexOf("plugin payment"));

            Result stopped = keel.command("status");
            assertEquals(stopped.toString(), 3, stopped.exit());
            assertEquals("Keel is stopped\n", stopped.stdout());
            assertEquals("nothing answers on HTTP any more", -1, keel.status("/health"));
        }
    }

    @Test
    public void theShellRefusesWrongKeysAndPasswordsAndStopIsClean() throws Exception {
        try (KeelProcess keel = KeelProcess.copyOfDistribution()) {
            Result hash = keel.commandWithInput("s3cret pass\n", "hash-password");
            assertEquals(hash.toString(), 0, hash.exit());
            assertTrue(hash.toString(), hash.stdout().startsWith("pbkdf2-sha256:"));
            // etc/keel.users lines are USER ROLES CREDENTIAL (issue 12)
            Files.writeString(keel.home().resolve("etc/keel.users"), "alice viewer " + hash.stdout(),
                    StandardOpenOption.APPEND);

            Result start = keel.command("start");
            assertEquals(start.toString(), 0, start.exit());
            Path ssh = keel.home().resolve("data/ssh");
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ssh)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ssh.resolve("client_key"))));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ssh.resolve("host_key"))));

            Result alice = keel.commandWithInput("s3cret pass\n", "client", "--user", "alice", "--password", "keel:health");
            assertEquals(alice.toString(), 0, alice.exit());
            assertTrue(alice.toString(), alice.stdout().startsWith("status: UP"));

            Result wrongPassword = keel.commandWithInput("guess\n", "client", "--user", "alice", "--password", "keel:health");
            assertEquals(wrongPassword.toString(), 2, wrongPassword.exit());
            assertTrue(wrongPassword.toString(), wrongPassword.stderr().contains("refused the login of 'alice'"));
            assertEquals(wrongPassword.toString(), "", wrongPassword.stdout());

            Path wrongKey = writeKey(keel.scratch().resolve("not authorized.pem"));
            Result wrong = keel.command("client", "--key", wrongKey.toString(), "keel:plugins");
            assertEquals(wrong.toString(), 2, wrong.exit());
            assertTrue(wrong.toString(), wrong.stderr().contains("refused the login of 'admin' with the key " + wrongKey));
            assertEquals(wrong.toString(), "", wrong.stdout());

            Files.move(ssh.resolve("client_key"), keel.scratch().resolve("client_key"));
            Result noKey = keel.command("client", "keel:plugins");
            assertEquals(noKey.toString(), 2, noKey.exit());
            assertTrue(noKey.toString(), noKey.stderr().startsWith("keel: no client key at " + ssh.resolve("client_key")));
            Files.move(keel.scratch().resolve("client_key"), ssh.resolve("client_key"));

            // a second version of payment beside the first; then uninstalled by its bundle id
            Path jar;
            try (Stream<Path> files = Files.list(keel.home().resolve("deploy"))) {
                jar = files.filter(p -> p.getFileName().toString().startsWith("payment-bundle")).findFirst().orElseThrow();
            }
            Path outside = Jars.withVersion(jar, keel.scratch().resolve("payment 2.jar"), "2.0.0.ops");
            Result elsewhere = keel.command("client", "keel:install", outside.toString());
            assertEquals(elsewhere.toString(), 1, elsewhere.exit());
            assertTrue(elsewhere.toString(), elsewhere.stderr().contains("is outside the Keel home"));
            Path second = Files.move(outside, Files.createDirectories(keel.home().resolve("builds"))
                    .resolve("payment 2.jar"));
            Result mismatch = keel.command("client", "keel:install", "--sha256", "0".repeat(64), second.toString());
            assertEquals(mismatch.toString(), 1, mismatch.exit());
            assertTrue(mismatch.toString(), mismatch.stderr().contains("SHA-256 mismatch"));
            Result install = keel.command("client", "keel:install", "--sha256", sha256(second), second.toString());
            assertEquals(install.toString(), 0, install.exit());
            Matcher installed = Pattern.compile("^installed dev\\.keel\\.payment-bundle 2\\.0\\.0\\.ops \\(bundle (\\d+)\\)\n")
                    .matcher(install.stdout());
            assertTrue(install.toString(), installed.find());
            assertTrue(install.toString(), Pattern.compile("(?m)^payment\\s+2\\.0\\.0\\.ops\\s+\\d+\\s+ACTIVE")
                    .matcher(install.stdout()).find());
            Result twice = keel.command("client", "keel:install", second.toString());
            assertEquals(twice.toString(), 1, twice.exit());
            assertTrue(twice.toString(), twice.stderr().contains("is already installed as bundle " + installed.group(1)));
            Result ambiguous = keel.command("client", "keel:update", "payment");
            assertEquals(ambiguous.toString(), 1, ambiguous.exit());
            assertTrue(ambiguous.toString(), ambiguous.stderr().startsWith("keel: plugin payment runs in 2 bundles"));
            Result uninstall = keel.command("client", "keel:uninstall", installed.group(1));
            assertEquals(uninstall.toString(), 0, uninstall.exit());
            assertEquals("uninstalled dev.keel.payment-bundle 2.0.0.ops (bundle " + installed.group(1) + ")\n",
                    uninstall.stdout());

            Result stop = keel.command("stop");
            assertEquals(stop.toString(), 0, stop.exit());
            assertTrue(stop.toString(), stop.stdout().startsWith("Keel stopped (pid "));
            assertTrue("the pid file is removed", keel.pid().isEmpty());
            assertTrue(keel.log(), Pattern.compile("plugin payment \\S+ \\(bundle \\d+\\) STOPPED").matcher(keel.log()).find());
            // bin/keel client logs in as admin, the user the generated key belongs to (issue 12)
            assertTrue(keel.log(), keel.log().contains("SSH: publickey login refused for user 'admin'"));

            Result stopAgain = keel.command("stop");
            assertEquals(stopAgain.toString(), 0, stopAgain.exit());
            assertEquals("Keel is not running\n", stopAgain.stdout());
            Result client = keel.command("client", "keel:plugins");
            assertEquals(client.toString(), 2, client.exit());
            assertTrue(client.toString(), client.stderr().contains("cannot connect to Keel's shell"));
        }
    }

    @Test
    public void runIsForegroundWithoutConsoleAndStopsCleanlyOnSigterm() throws Exception {
        try (KeelProcess keel = KeelProcess.copyOfDistribution().start("run")) {
            Await.until("/health answers 200", Duration.ofSeconds(60), () -> keel.status("/health") == 200 || !keel.alive(),
                    keel::output);
            assertTrue("Keel exited during start:\n" + keel.output(), keel.alive());
            Result status = keel.command("status");
            assertEquals(status.toString(), 0, status.exit());
            Result client = keel.command("client", "keel:health");
            assertEquals(client.toString(), 0, client.exit());
            // without a command and with input on a pipe: a line-based console session
            Result session = keel.commandWithInput("keel:plugins\nkeel:plugin no-such-plugin\n", "client");
            assertEquals(session.toString(), 0, session.exit());
            assertTrue(session.toString(), row("order", "ACTIVE").matcher(session.stdout()).find());
            assertTrue(session.toString(), (session.stdout() + session.stderr()).contains("unknown plugin: no-such-plugin"));

            keel.terminate(); // what systemd sends to bin/keel run (KillMode=mixed)
            assertEquals("exit code after SIGTERM\n" + keel.output(), 0, keel.waitForExit(STOP));
            assertTrue("the pid file is removed", keel.pid().isEmpty());
            assertTrue(keel.output(), Pattern.compile("plugin order \\S+ \\(bundle \\d+\\) STOPPED").matcher(keel.output()).find());
            assertFalse("a stack trace:\n" + keel.output(), keel.output().contains("\tat "));
        }
    }

    @Test
    public void aFailedStartSaysWhyAndAHungKeelIsKilled() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                KeelProcess keel = KeelProcess.copyOfDistribution()) {
            Result failed = keel.commandWithEnv(Map.of("KEEL_HTTP_PORT", String.valueOf(taken.getLocalPort())), "start");
            assertEquals(failed.toString(), 1, failed.exit());
            assertTrue(failed.toString(), failed.stderr().startsWith("keel: Keel did not start; the last lines of "));
            assertTrue(failed.toString(), failed.stderr().contains("HTTP port " + taken.getLocalPort() + " is already in use"));

            Result start = keel.command("start");
            assertEquals(start.toString(), 0, start.exit());
            long pid = keel.pid().orElseThrow();
            Process freeze = new ProcessBuilder("kill", "-STOP", String.valueOf(pid)).start();
            assertEquals(0, freeze.waitFor());
            Result stop = keel.commandWithEnv(Map.of("KEEL_STOP_TIMEOUT", "2"), "stop");
            assertEquals(stop.toString(), 1, stop.exit());
            assertEquals(stop.toString(), "keel: Keel did not stop within 2 s; killed it (SIGKILL, pid " + pid + ")\n",
                    stop.stderr());
            Await.until("the JVM is gone", () -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false);
            Await.until("the pid file is removed", () -> keel.pid().isEmpty());
            assertEquals(3, keel.command("status").exit());
        }
    }

    /** A valid key pair that Keel never authorized, as a PKCS#8 PEM file. */
    private static Path writeKey(Path file) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** A row of the keel:plugins or keel:update table. */
    private static Pattern row(String plugin, String state) {
        return Pattern.compile("(?m)^" + plugin + "\\s+\\S+\\s+\\d+\\s+" + state + "\\b");
    }

    private static String sha256(Path file) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
