package dev.keel.kernel.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

import dev.keel.kernel.security.TestLoggers;

class GuardedProcessorTest {

    /** Commands that note that they ran. */
    public static final class Commands {
        final List<String> ran = new ArrayList<>();

        public String plugins() {
            ran.add("plugins");
            return "payment ACTIVE";
        }

        public String install(String jar) {
            ran.add("install " + jar);
            return "installed";
        }

        public String config(String pid, String key, String value) {
            ran.add("config " + pid + " " + key + " " + value);
            return "set";
        }

        public String cat(String file) {
            ran.add("cat " + file);
            return "secret";
        }
    }

    @TempDir
    Path dir;

    private final ThreadIOImpl threadIO = new ThreadIOImpl();
    private final Commands commands = new Commands();
    private final List<String> audited = new ArrayList<>();
    private final List<String> logged = new ArrayList<>();
    private final List<GuardedProcessor> made = new ArrayList<>();

    private final BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {BundleContext.class}, (proxy, method, args) -> method.getName().equals("getServiceReferences") ? List.of() : null); // no converters

    @org.junit.jupiter.api.BeforeEach
    void start() {
        threadIO.start();
    }

    private CommandSession session(String user, String... roles) {
        CommandProcessorImpl real = new CommandProcessorImpl(threadIO);
        for (String f : List.of("plugins", "install", "config")) {
            real.addCommand("keel", commands, f);
        }
        real.addCommand("gogo", commands, "cat");
        GuardedProcessor guarded = new GuardedProcessor(real, threadIO, context,
                new GuardedProcessor.Who(user, Set.of(roles), "ssh:" + user + "@127.0.0.1:1#1"),
                new SshAudit((who, action, target, details, result) -> audited.add(who.subject() + " " + target + " "
                        + result)), TestLoggers.collecting(logged));
        made.add(guarded);
        CommandSession session = guarded.createSession(InputStream.nullInputStream(), new ByteArrayOutputStream(),
                new ByteArrayOutputStream());
        session.put("SCOPE", "gogo:felix:keel:*");
        return session;
    }

    @AfterEach
    void stop() {
        made.forEach(GuardedProcessor::release);
        threadIO.stop();
    }

    @Test
    void aRefusedCommandNeverRunsAndIsAudited() {
        CommandSession viewer = session("vera", "viewer");

        SecurityException refused = assertThrows(SecurityException.class, () -> viewer.execute("keel:install x.jar"));
        assertEquals("keel:install x.jar is not permitted for vera: it needs role admin", refused.getMessage());
        assertThrows(SecurityException.class, () -> viewer.execute("cat etc/keel.users"));
        assertThrows(SecurityException.class, () -> viewer.execute("keel:config keel.ssh port 1"));
        assertThrows(SecurityException.class, () -> viewer.execute("x = { cat etc/keel.users }; x"));
        assertThrows(SecurityException.class, () -> viewer.execute("echo (cat etc/keel.users)"));

        assertEquals(List.of(), commands.ran);
        assertTrue(audited.contains("vera keel:install x.jar refused"), audited.toString());
        assertTrue(audited.contains("vera gogo:cat etc/keel.users refused"), audited.toString());
    }

    @Test
    void methodCallsAndRedirectionsAreForAdminsOnly() throws Exception {
        CommandSession viewer = session("vera", "viewer");

        assertThrows(SecurityException.class, () -> viewer.execute("'x' getClass"));
        assertThrows(SecurityException.class, () -> viewer.execute("keel:plugins > " + dir.resolve("out")));
        assertFalse(dir.resolve("out").toFile().exists());

        CommandSession admin = session("admin", "admin");
        assertEquals(String.class, admin.execute("'x' getClass"));
    }

    @Test
    void allowedCommandsRunAndAreAudited() throws Exception {
        CommandSession viewer = session("vera", "viewer");
        assertEquals("payment ACTIVE", viewer.execute("keel:plugins"));
        assertEquals("payment ACTIVE", viewer.execute("plugins"));

        CommandSession operator = session("otto", "operator");
        assertEquals("set", operator.execute("keel:config keel.ssh port 1"));

        CommandSession admin = session("admin", "admin");
        assertEquals("installed", admin.execute("keel:install x.jar"));
        assertEquals("secret", admin.execute("cat etc/keel.users"));

        assertEquals(List.of("plugins", "plugins", "config keel.ssh port 1", "install x.jar", "cat etc/keel.users"),
                commands.ran);
        assertTrue(audited.contains("otto keel:config keel.ssh port 1 ok"), audited.toString());
        assertTrue(audited.contains("admin gogo:cat etc/keel.users ok"), audited.toString());
    }

    @Test
    void aCommandLineWithANewlineIsEscapedInTheLog() throws Exception {
        CommandSession viewer = session("vera\nroot", "viewer");
        assertThrows(SecurityException.class, () -> viewer.execute("keel:install 'x\n00:00 INFO forged'"));
        assertTrue(logged.stream().noneMatch(l -> l.contains("\n")), logged.toString());
        assertTrue(logged.stream().anyMatch(l -> l.contains("'vera\\nroot' (roles viewer) may not run "
                + "keel:install x\\n00:00 INFO forged")), logged.toString());
    }
}
