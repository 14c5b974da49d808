package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;

import dev.keel.api.PluginRuntime;

/**
 * Configuration on the real bundles: etc/*.cfg through FileInstall into
 * ConfigAdmin, checked against Metatype by the kernel before components see
 * it, and keel:config.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigIT extends KeelTest {

    private static final String PID = "keel.plugins";

    private LogLines log;
    private EtcFiles etc;
    private final List<String> updates = new CopyOnWriteArrayList<>();
    private ServiceRegistration<ConfigurationListener> listener;

    @Configuration
    public Option[] config() {
        return KeelOptions.kernelOnly(KeelOptions.freePort());
    }

    @Before
    public void listen() {
        log = new LogLines(context);
        etc = new EtcFiles(context, configAdmin);
        listener = context.registerService(ConfigurationListener.class, e -> {
            if (e.getType() == ConfigurationEvent.CM_UPDATED) {
                updates.add(e.getPid());
            }
        }, null);
    }

    @After
    public void cleanUp() throws Exception {
        listener.unregister();
        log.close();
        for (String pid : List.of(PID, "keel.log", "keel.itest.sentinel", "keel.storage")) {
            etc.delete(etc().resolve(pid + ".cfg"));
            org.osgi.service.cm.Configuration[] left = configAdmin.listConfigurations("(service.pid=" + pid + ")");
            if (left != null) {
                for (org.osgi.service.cm.Configuration c : left) {
                    try {
                        c.delete();
                    } catch (IllegalStateException alreadyGone) {
                        // FileInstall deleted it with its file
                    }
                }
            }
        }
        // bnd makes the Config defaults component properties: without a configuration they show
        Await.until("keel.plugins back to its defaults", () -> Long.valueOf(10_000).equals(property("start.timeout.ms"))
                && Long.valueOf(10_000).equals(property("stop.timeout.ms")));
        etc.close();
    }

    @Test
    public void aChangeThroughConfigAdminIsLiveAndABadValueKeepsTheOldOne() throws Exception {
        org.osgi.service.cm.Configuration cfg = configAdmin.getConfiguration(PID, "?");
        cfg.update(new Hashtable<>(Map.of("start.timeout.ms", 1234L)));
        Await.until("start.timeout.ms 1234 applied", () -> Long.valueOf(1234).equals(property("start.timeout.ms")));

        cfg.update(new Hashtable<>(Map.of("start.timeout.ms", -5L)));
        Await.until("the rejection logged", () -> !log.containing("start.timeout.ms=-5").isEmpty(),
                () -> log.containing(PID));
        String line = log.containing("start.timeout.ms=-5").get(0);
        assertEquals("ERROR configuration keel.plugins (no file): start.timeout.ms=-5 rejected: less than minimum; "
                + "allowed: a whole number (Long) of at least 1; keeping 1234", line);

        // a later good change goes through; the bad value stays rejected, and is not logged again
        cfg.update(new Hashtable<>(Map.of("start.timeout.ms", -5L, "stop.timeout.ms", 4321L)));
        Await.until("stop.timeout.ms 4321 applied", () -> Long.valueOf(4321).equals(property("stop.timeout.ms")));
        assertEquals(1234L, property("start.timeout.ms"));
        assertEquals(1, log.containing("start.timeout.ms=-5").size());
    }

    @Test
    public void aCfgFileIsLiveAndABadValueInItIsRejectedWithOneLine() throws Exception {
        Path file = etc().resolve(PID + ".cfg");
        writeAndSettle(file, "start.timeout.ms=2345\n", "start.timeout.ms 2345 from the file",
                () -> "2345".equals(property("start.timeout.ms")));

        writeAndSettle(file, "start.timeout.ms=abc\nstart.timout.ms=7\n", "both rejections logged",
                () -> !log.containing("start.timeout.ms=abc").isEmpty()
                        && !log.containing("start.timout.ms=7").isEmpty());
        assertEquals("logged once: " + log.containing(PID), 1, log.containing("start.timeout.ms=abc").size());
        assertEquals("logged once: " + log.containing(PID), 1, log.containing("start.timout.ms=7").size());
        String line = log.containing("start.timeout.ms=abc").get(0);
        assertTrue(line, line.startsWith("ERROR "));
        assertTrue(line, line.contains(file.getFileName() + ": start.timeout.ms=abc rejected: not a whole number; "
                + "allowed: a whole number (Long) of at least 1; keeping 2345"));
        assertTrue(log.containing("start.timout.ms=7").get(0),
                log.containing("start.timout.ms=7").get(0).contains("unknown key; known keys: "));

        String shown = Shell.run(context, "keel:config " + PID);
        assertTrue(shown, shown.contains("rejected: start.timeout.ms=abc (not a whole number; allowed: a whole number "
                + "(Long) of at least 1; keeping 2345)"));
        assertTrue(shown, shown.contains("file: " + file));

        writeAndSettle(file, "start.timeout.ms=abc\nstart.timout.ms=7\nstop.timeout.ms=3456\n",
                "stop.timeout.ms 3456 from the file", () -> "3456".equals(property("stop.timeout.ms")));
        assertEquals("2345", property("start.timeout.ms"));
        assertEquals(1, log.containing("start.timeout.ms=abc").size());
        assertEquals(1, log.containing("start.timout.ms=7").size());
    }

    @Test
    public void keelConfigSetChecksAppliesOnceAndWritesTheFile() throws Exception {
        Path file = etc().resolve(PID + ".cfg");
        writeAndSettle(file, "# kept: an operator's note\nstart.timeout.ms=2345\n", "the file applied",
                () -> "2345".equals(property("start.timeout.ms")) && updates.contains(PID));
        updates.clear();

        String out = Shell.run(context, "keel:config " + PID + " stop.timeout.ms 4321");
        assertTrue(out, out.startsWith("keel.plugins: stop.timeout.ms=4321 applied and written to "));
        assertEquals("4321", property("stop.timeout.ms"));
        Properties written = etc.read(file);
        assertEquals("4321", written.getProperty("stop.timeout.ms"));
        assertEquals("2345", written.getProperty("start.timeout.ms"));
        assertTrue(etc.text(file).contains("# kept: an operator's note"));

        // once FileInstall has scanned etc/ again (it applies a sentinel file), keel.plugins was updated just once
        etc.write(etc().resolve("keel.itest.sentinel.cfg"), "x=1\n");
        Await.until("sentinel applied", () -> updates.contains("keel.itest.sentinel"), updates::toString);
        assertEquals(updates.toString(), 1, updates.stream().filter(PID::equals).count());

        try {
            Shell.run(context, "keel:config " + PID + " start.timeout.ms abc");
            fail("a bad value was accepted");
        } catch (IllegalArgumentException e) {
            assertEquals("keel.plugins: start.timeout.ms=abc rejected: not a whole number; allowed: a whole number "
                    + "(Long) of at least 1", e.getMessage());
        }
        assertEquals("2345", etc.read(file).getProperty("start.timeout.ms"));
    }

    @Test
    public void aChangeThroughConfigAdminIsWrittenBackWholeWithItsCommentsAndADeletionDeletesTheFile()
            throws Exception {
        Path file = etc().resolve(PID + ".cfg");
        writeAndSettle(file, "# an operator's note\nstart.timeout.ms=2345\n\n# the stop timeout\nstop.timeout.ms=3000\n",
                "the file applied", () -> "3000".equals(property("stop.timeout.ms")) && updates.contains(PID));
        org.osgi.service.cm.Configuration cfg = configAdmin.listConfigurations("(service.pid=" + PID + ")")[0];
        java.util.Dictionary<String, Object> props = cfg.getProperties();
        props.put("stop.timeout.ms", 4321L);
        updates.clear();
        cfg.update(props);
        Await.until("stop.timeout.ms 4321 applied", () -> Long.valueOf(4321).equals(property("stop.timeout.ms")));

        // written back by a ConfigurationListener, whose events ConfigAdmin delivers asynchronously: the component
        // may see the change before the file is written
        String expected = "# an operator's note\nstart.timeout.ms=2345\n\n# the stop timeout\nstop.timeout.ms=4321\n";
        Await.until("the change written back to " + file, () -> expected.equals(textOrError(file)),
                () -> textOrError(file));
        // FileInstall reads the written file again: no loop of updates (at most its one update to the file's strings)
        etc.write(etc().resolve("keel.itest.sentinel.cfg"), "x=1\n");
        Await.until("sentinel applied", () -> updates.contains("keel.itest.sentinel"), updates::toString);
        etc.write(etc().resolve("keel.itest.sentinel.cfg"), "x=2\n");
        Await.until("sentinel applied again", () -> updates.stream().filter("keel.itest.sentinel"::equals).count() == 2,
                updates::toString);
        long ours = updates.stream().filter(PID::equals).count();
        assertTrue(updates.toString(), ours >= 1 && ours <= 2);
        assertEquals("4321", etc.read(file).getProperty("stop.timeout.ms"));

        configAdmin.listConfigurations("(service.pid=" + PID + ")")[0].delete();
        Await.until(file + " deleted with its configuration", () -> !Files.exists(file));
    }

    @Test
    public void keelConfigRefusesAPidThatIsNotAFileInEtc() throws Exception {
        Path outside = etc().getParent().getParent().resolve("x.cfg");
        for (String pid : List.of("../../x", "a/b", ".hidden")) {
            try {
                Shell.run(context, "keel:config " + pid + " key value");
                fail("PID " + pid + " accepted");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith("not a valid PID: " + pid
                        + " (letters, digits, '.', '_' and '-' only"));
            }
        }
        assertFalse(Files.exists(outside));
        try {
            Shell.run(context, "keel:config ../../x");
            fail("PID ../../x shown");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("not a valid PID: ../../x"));
        }
    }

    @Test
    public void keelConfigShowsAPasswordMasked() throws Exception {
        Path file = etc().resolve("keel.storage.cfg");
        String out = Shell.run(context, "keel:config keel.storage password s3cret-value");
        assertTrue(out, out.startsWith("keel.storage: password=******** applied and written to "));
        assertEquals("s3cret-value", etc.read(file).getProperty("password"));
        String shown = Shell.run(context, "keel:config keel.storage");
        assertTrue(shown, shown.matches("(?s).*\\npassword\\s+\\*{8}\\s+.*"));
        assertFalse(shown, shown.contains("s3cret"));
    }

    @Test
    public void keelConfigSetWritesTheFileOfAPidThatHasNone() throws Exception {
        Path file = etc().resolve("keel.log.cfg");
        assertFalse(Files.exists(file));

        String out = Shell.run(context, "keel:config keel.log console.level WARN");
        assertTrue(out, out.contains("console.level=WARN applied and written to"));
        assertEquals("WARN", etc.read(file).getProperty("console.level"));
        org.osgi.service.cm.Configuration cfg = configAdmin.listConfigurations("(service.pid=keel.log)")[0];
        assertEquals("WARN", cfg.getProperties().get("console.level"));
        assertTrue(String.valueOf(cfg.getProperties().get("felix.fileinstall.filename")).endsWith("keel.log.cfg"));

        String list = Shell.run(context, "keel:config");
        assertTrue(list, list.matches("(?s).*\\nkeel\\.log\\s+\\S*keel\\.log\\.cfg\\s+dev\\.keel\\.kernel-bundle\\s+0\\n.*"));
        assertTrue(list, list.matches("(?s).*\\nkeel\\.plugins\\s+-\\s+dev\\.keel\\.kernel-bundle\\s+0\\n.*"));
    }

    @Test
    public void aBadValueStoredWhileTheKernelWasStoppedIsRejectedWhenItStarts() throws Exception {
        Bundle kernel = null;
        for (Bundle b : context.getBundles()) {
            if ("dev.keel.kernel-bundle".equals(b.getSymbolicName())) {
                kernel = b;
            }
        }
        assertTrue("no kernel bundle", kernel != null);
        kernel.stop();
        try {
            // no validator now: ConfigAdmin keeps the bad value, SCR may hand it out first when the kernel starts
            configAdmin.getConfiguration(PID, "?").update(new Hashtable<>(Map.of("start.timeout.ms", "abc",
                    "stop.timeout.ms", "2500")));
        } finally {
            kernel.start();
        }
        Await.until("the kernel runs with the good values", () -> "2500".equals(property("stop.timeout.ms"))
                && Long.valueOf(10_000).equals(property("start.timeout.ms")),
                () -> property("start.timeout.ms") + " / " + property("stop.timeout.ms"));
        Await.until("the validator's line", () -> !log.containing("start.timeout.ms=abc rejected: not a whole number")
                .isEmpty(), () -> log.containing(PID));
        String shown = Shell.run(context, "keel:config " + PID);
        assertTrue(shown, shown.contains("rejected: start.timeout.ms=abc (not a whole number"));
        assertEquals(log.containing("ERROR").toString(), 1, log.containing("ERROR", "start.timeout.ms").size());
    }

    // --- helpers ---------------------------------------------------------------

    private Path etc() {
        return etc.dir();
    }

    private Object property(String key) {
        ServiceReference<PluginRuntime> ref = context.getServiceReference(PluginRuntime.class);
        return ref == null ? null : ref.getProperty(key);
    }

    /** Writes a .cfg file as an operator would (see {@link EtcFiles}) and waits until the change shows. */
    private void writeAndSettle(Path file, String content, String what, BooleanSupplier applied) throws IOException {
        etc.write(file, content);
        Await.until(what, applied);
    }

    private String textOrError(Path file) {
        try {
            return etc.text(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
