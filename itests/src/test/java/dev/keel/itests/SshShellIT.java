package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

import dev.keel.itests.KeelProcess.Result;

/**
 * The SSH shell of the assembled distribution, driven by the real OpenSSH
 * client ({@code ssh} from Debian's openssh-client): users and roles from
 * {@code etc/keel.users}, command permissions per role, a key only under its
 * own user, lockout after failed passwords, every user-supplied string escaped
 * in the logs, logins and commands in the audit trail.
 */
public class SshShellIT {

    /** A log line a user name tries to forge (no quotes: OpenSSH refuses user names with shell metacharacters). */
    private static final String FORGED = "00:00:00.000 INFO  [dev.keel.kernel-bundle] SSH: user admin logged in";

    @Test
    public void rolesDecideWhichCommandsRunAndKeysAndPasswordsAreGuarded() throws Exception {
        try (KeelProcess keel = KeelProcess.copyOfDistribution()) {
            Path vera = keyPair(keel.scratch().resolve("vera"));
            Result passwd = keel.commandWithInput("0perator pass\n", "passwd", "otto", "operator");
            assertEquals(passwd.toString(), 0, passwd.exit());
            Files.writeString(keel.home().resolve("etc/keel.users"), "vera viewer "
                    + Files.readString(vera.resolveSibling("vera.pub")), StandardOpenOption.APPEND);
            Result start = keel.command("start");
            assertEquals(start.toString(), 0, start.exit());
            // the first start's admin password: printed once on the console, stored hashed, never in the log
            java.util.regex.Matcher printed = java.util.regex.Pattern.compile("(?m)^    ([A-Za-z0-9]{20})$")
                    .matcher(keel.log());
            assertTrue(keel.log(), keel.log().contains("Keel generated a password for user admin") && printed.find());
            String adminPassword = printed.group(1);
            assertFalse(Files.readString(keel.home().resolve("etc/keel.users")).contains(adminPassword));
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(keel.home().resolve("etc/keel.users"))));
            Result adminLogin = sshWithPassword(keel, "admin", adminPassword, "keel:health");
            assertEquals(adminLogin.toString(), 0, adminLogin.exit());
            assertFalse(Files.readString(keel.home().resolve("data/log/keel.log")).contains(adminPassword));
            Path clientKey = keel.home().resolve("data/ssh/client_key");

            // a viewer reads, but neither loads code nor reads files
            Result plugins = ssh(keel, vera, "vera", "keel:plugins");
            assertEquals(plugins.toString(), 0, plugins.exit());
            assertTrue(plugins.toString(), plugins.stdout().contains("payment"));
            Result install = ssh(keel, vera, "vera", "keel:install examples/payment-bundle-next.jar");
            assertEquals(install.toString(), 1, install.exit());
            assertTrue(install.toString(), install.stderr().contains(
                    "keel:install examples/payment-bundle-next.jar is not permitted for vera: it needs role admin"));
            Result cat = ssh(keel, vera, "vera", "cat etc/keel.users");
            assertEquals(cat.toString(), 1, cat.exit());
            assertTrue(cat.toString(), cat.stderr().contains("gogo:cat etc/keel.users is not permitted for vera"));
            assertFalse(cat.toString(), cat.stdout().contains("pbkdf2"));
            Result level = ssh(keel, vera, "vera", "keel:log level payment DEBUG");
            assertEquals(level.toString(), 1, level.exit());
            assertTrue(level.toString(), level.stderr().contains("it needs role operator"));
            Result releases = ssh(keel, clientKey, "admin", "keel:releases");
            assertFalse("the refused install did not run: " + releases, releases.stdout().contains("1.1.0"));

            // an operator operates (password login), still no file access
            Result operated = sshWithPassword(keel, "otto", "0perator pass", "keel:log level payment DEBUG");
            assertEquals(operated.toString(), 0, operated.exit());
            Result ottoCat = sshWithPassword(keel, "otto", "0perator pass", "cat etc/keel.users");
            assertEquals(ottoCat.toString(), 1, ottoCat.exit());

            // admin (the generated key) runs everything, raw Gogo commands and file access included
            Result adminCat = ssh(keel, clientKey, "admin", "cat etc/keel.ssh.cfg");
            assertEquals(adminCat.toString(), 0, adminCat.exit());
            assertTrue(adminCat.toString(), adminCat.stdout().contains("host=127.0.0.1"));
            Result lb = ssh(keel, clientKey, "admin", "lb");
            assertEquals(lb.toString(), 0, lb.exit());
            assertTrue(lb.toString(), lb.stdout().contains("System Bundle"));

            // a key only under the one user it belongs to
            Result veraAsAdmin = ssh(keel, vera, "admin", "keel:plugins");
            assertEquals(veraAsAdmin.toString(), 255, veraAsAdmin.exit());
            assertTrue(veraAsAdmin.toString(), veraAsAdmin.stderr().contains("Permission denied"));
            Result clientKeyAsVera = ssh(keel, clientKey, "vera", "keel:plugins");
            assertEquals(clientKeyAsVera.toString(), 255, clientKeyAsVera.exit());
            assertEquals(clientKeyAsVera.toString(), "", clientKeyAsVera.stdout());

            // a user name with a new line forges no line in the logs or keel:log tail
            Result forged = sshWithPassword(keel, "x\n" + FORGED, "guess", "keel:plugins");
            assertEquals(forged.toString(), 255, forged.exit());
            // the log is written behind the login's answer: wait for the line
            Await.until("the refusal in keel.out", () -> keel.log().contains("'x\\n" + FORGED + "'"), keel::log);
            assertFalse(keel.log(), keel.log().lines().anyMatch(l -> l.startsWith(FORGED)));
            Path keelLogFile = keel.home().resolve("data/log/keel.log");
            Await.until("the refusal in keel.log", () -> read(keelLogFile).contains("'x\\\\n" + FORGED + "'"),
                    () -> read(keelLogFile)); // escaped, then JSON-escaped
            String keelLog = read(keelLogFile);
            assertTrue(keelLog, keelLog.lines().allMatch(l -> l.startsWith("{\"time\":")));
            Result tail = ssh(keel, clientKey, "admin", "keel:log tail 50");
            assertEquals(tail.toString(), 0, tail.exit());
            assertTrue(tail.toString(), tail.stdout().contains("x\\n" + FORGED));
            assertFalse(tail.toString(), tail.stdout().lines().anyMatch(l -> l.contains(FORGED) && !l.contains("x\\n")));

            // lockout after failed passwords: then even the right one is refused
            for (int i = 0; i < 5; i++) {
                Result wrong = sshWithPassword(keel, "otto", "guess " + i, "keel:health");
                assertEquals(wrong.toString(), 255, wrong.exit());
            }
            Result locked = sshWithPassword(keel, "otto", "0perator pass", "keel:health");
            assertEquals(locked.toString(), 255, locked.exit());
            Await.until("the lockout in the log", () -> keel.log().contains("SSH: password login refused for user "
                    + "'otto' from 127.0.0.1: too many failed logins; locked out"), keel::log);

            // the audit trail: logins, refusals, commands
            String audit = Files.readString(keel.home().resolve("data/log/audit.log"), StandardCharsets.UTF_8);
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(keel.home().resolve("data/log/audit.log"))));
            assertTrue(audit, audit.contains("\"who\":\"vera\",\"via\":\"ssh\""));
            assertTrue(audit, audit.contains("\"action\":\"login\",\"target\":\"ssh\",\"details\":{\"address\":"
                    + "\"127.0.0.1\",\"method\":\"publickey\"},\"result\":\"ok\""));
            assertTrue(audit, audit.contains("\"action\":\"shell.command\",\"target\":\"keel:install "
                    + "examples/payment-bundle-next.jar\",\"details\":{},\"result\":\"refused\""));
            assertTrue(audit, audit.contains("\"who\":\"otto\""));
            assertTrue(audit, audit.contains("\"target\":\"keel:log level payment DEBUG\",\"details\":{},\"result\":\"ok\""));
            assertTrue(audit, audit.contains("\"who\":\"x\\n" + FORGED + "\""));
            assertTrue(audit, audit.lines().noneMatch(l -> l.startsWith(FORGED)));
            Result stop = keel.command("stop");
            assertEquals(stop.toString(), 0, stop.exit());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * An ECDSA P-256 key pair made by ssh-keygen, {@code file} and {@code file.pub} (SSHD reads no ed25519
     * keys here: it has no EdDSA provider).
     */
    private static Path keyPair(Path file) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        run(List.of("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", "test", "-f", file.toString()), null);
        return file;
    }

    private static Result ssh(KeelProcess keel, Path key, String user, String command)
            throws IOException, InterruptedException {
        List<String> cmd = base(keel);
        cmd.addAll(List.of("-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "PasswordAuthentication=no",
                "-i", key.toString(), "-l", user, "127.0.0.1", command));
        return run(cmd, null);
    }

    /** Logs in with a password: OpenSSH reads it from the SSH_ASKPASS program. */
    private static Result sshWithPassword(KeelProcess keel, String user, String password, String command)
            throws IOException, InterruptedException {
        Path askpass = keel.scratch().resolve("askpass-" + Math.abs(password.hashCode()) + ".sh");
        Files.writeString(askpass, "#!/bin/sh\nprintf '%s\\n' '" + password.replace("'", "'\\''") + "'\n");
        Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
        List<String> cmd = base(keel);
        cmd.addAll(List.of("-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password",
                "-o", "NumberOfPasswordPrompts=1", "-l", user, "127.0.0.1", command));
        return run(cmd, askpass);
    }

    private static List<String> base(KeelProcess keel) {
        return new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-p", String.valueOf(keel.sshPort()),
                // quoted: the home's path has spaces, and ssh splits this option's value at them
                "-o", "UserKnownHostsFile=\"" + keel.home().resolve("data/ssh/known_hosts") + "\"",
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "StrictHostKeyChecking=yes",
                "-o", "ConnectTimeout=20"));
    }

    private static Result run(List<String> cmd, Path askpass) throws IOException, InterruptedException {
        Path out = Files.createTempFile("ssh-out", ".txt");
        Path err = Files.createTempFile("ssh-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(new File("/dev/null"))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        if (askpass != null) {
            pb.environment().put("SSH_ASKPASS", askpass.toString());
            pb.environment().put("SSH_ASKPASS_REQUIRE", "force");
            pb.environment().put("DISPLAY", "none");
        }
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish within 60 s");
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
