package dev.keel.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.ObjectClassDefinition;

/** Checking configurations against the definitions bnd generates for the kernel's own PIDs. */
class ConfigCheckTest {

    static ObjectClassDefinition plugins;
    static ObjectClassDefinition log;

    @BeforeAll
    static void definitions() throws Exception {
        plugins = FelixDefinitions.forPid("dev.keel.kernel.plugin.PluginManager$Config.xml", "keel.plugins");
        log = FelixDefinitions.forPid("dev.keel.kernel.log.LogConfig.xml", "keel.log");
    }

    @Test
    void goodValuesPassThroughUnchanged() {
        Dictionary<String, Object> props = props(Map.of("start.timeout.ms", "500", "stop.timeout.ms", 700L));
        List<Rejection> rejections = ConfigCheck.apply(plugins, props, new HashMap<>());
        assertEquals(List.of(), rejections);
        assertEquals("500", props.get("start.timeout.ms"));
        assertEquals(700L, props.get("stop.timeout.ms"));
    }

    @Test
    void aValueOfTheWrongTypeIsReplacedByTheLastGoodOne() {
        Map<String, Object> lastGood = new HashMap<>();
        ConfigCheck.apply(plugins, props(Map.of("start.timeout.ms", "2345")), lastGood);

        Dictionary<String, Object> props = props(Map.of("start.timeout.ms", "abc"));
        List<Rejection> rejections = ConfigCheck.apply(plugins, props, lastGood);

        assertEquals("2345", props.get("start.timeout.ms"));
        assertEquals(1, rejections.size());
        assertEquals("start.timeout.ms=abc rejected: not a whole number; allowed: a whole number (Long) of at least 1;"
                + " keeping 2345", rejections.get(0).toString());
    }

    @Test
    void aValueOutOfRangeWithNoGoodOneBeforeFallsBackToTheDefault() {
        Dictionary<String, Object> props = props(Map.of("start.timeout.ms", -5L, "stop.timeout.ms", "0"));
        List<Rejection> rejections = ConfigCheck.apply(plugins, props, new HashMap<>());

        assertNull(props.get("start.timeout.ms"));
        assertNull(props.get("stop.timeout.ms"));
        assertEquals(2, rejections.size());
        Rejection r = rejections.get(0);
        assertEquals("start.timeout.ms", r.key());
        assertEquals("-5", r.valueText());
        assertTrue(r.reason().endsWith("allowed: a whole number (Long) of at least 1"), r.reason());
        assertEquals("using the default 10000", r.outcome());
    }

    @Test
    void anUnknownKeyIsRemovedAndTheKnownOnesNamed() {
        Dictionary<String, Object> props = props(Map.of("start.timout.ms", "5", "stop.timeout.ms", "5"));
        List<Rejection> rejections = ConfigCheck.apply(plugins, props, new HashMap<>());

        assertNull(props.get("start.timout.ms"));
        assertEquals("5", props.get("stop.timeout.ms"));
        assertEquals("start.timout.ms=5 rejected: unknown key; known keys: start.timeout.ms, stop.timeout.ms; ignored",
                rejections.get(0).toString().replace("stop.timeout.ms, start.timeout.ms",
                        "start.timeout.ms, stop.timeout.ms"));
    }

    @Test
    void frameworkAndFileInstallKeysAreNeverChecked() {
        Dictionary<String, Object> props = props(Map.of("service.pid", "keel.plugins",
                "felix.fileinstall.filename", "file:/keel/etc/keel.plugins.cfg", "component.name", "x"));
        assertEquals(List.of(), ConfigCheck.apply(plugins, props, new HashMap<>()));
        assertEquals(3, props.size());
    }

    @Test
    void levelKeysOfAnyPluginAreCheckedLikeTheRootLevel() {
        Dictionary<String, Object> props = props(Map.of("level.root", "WARN", "level.payment", "DEBUG",
                "level.order", "LOUD"));
        List<Rejection> rejections = ConfigCheck.apply(log, props, new HashMap<>());

        assertEquals("DEBUG", props.get("level.payment"));
        assertEquals(1, rejections.size());
        assertEquals("level.order=LOUD rejected: not one of the options; allowed: one of TRACE, DEBUG, INFO, WARN, "
                + "ERROR, AUDIT; using the default INFO", rejections.get(0).toString());
    }

    @Test
    void bothBoundsAreNamed() {
        Dictionary<String, Object> props = props(Map.of("max.files", "500", "max.file.bytes", "10"));
        List<Rejection> rejections = ConfigCheck.apply(log, props, new HashMap<>());

        assertEquals(2, rejections.size());
        assertTrue(rejections.get(0).reason().endsWith("a whole number (Long) of at least 1024"),
                rejections.get(0).reason());
        assertTrue(rejections.get(1).reason().endsWith("a whole number (Integer) from 1 to 100"),
                rejections.get(1).reason());
    }

    @Test
    void aKeyRemovedFromTheConfigurationIsForgotten() {
        Map<String, Object> lastGood = new HashMap<>();
        ConfigCheck.apply(plugins, props(Map.of("start.timeout.ms", "2345")), lastGood);
        ConfigCheck.apply(plugins, props(Map.of("stop.timeout.ms", "10")), lastGood);

        Dictionary<String, Object> props = props(Map.of("start.timeout.ms", "x"));
        List<Rejection> rejections = ConfigCheck.apply(plugins, props, lastGood);
        assertEquals("using the default 10000", rejections.get(0).outcome());
    }

    @Test
    void listsAreCheckedElementByElement() {
        Dictionary<String, Object> props = props(Map.of("start.timeout.ms", new String[] {"1", "2"}));
        List<Rejection> rejections = ConfigCheck.apply(plugins, props, new HashMap<>());
        assertTrue(rejections.get(0).reason().startsWith("expected one value, got 2"), rejections.get(0).reason());
        assertEquals("1,2", rejections.get(0).valueText());
    }

    private static Dictionary<String, Object> props(Map<String, Object> values) {
        return new Hashtable<>(values);
    }
}
