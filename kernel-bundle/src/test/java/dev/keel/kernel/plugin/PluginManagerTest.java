package dev.keel.kernel.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.log.Logger;

import dev.keel.api.Plugin;
import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;

/** The {@link PluginPreparation} seam of {@link PluginManager}: prepared before start, failures, waiting. */
class PluginManagerTest {

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final PluginManager manager = new PluginManager(config(10_000), quietLogger(), new PluginEvents());

    @AfterEach
    void close() {
        manager.deactivate();
    }

    @Test
    void preparationsRunBeforeStartWithThePluginsBundleNameAndVersion() {
        Bundle bundle = bundle(42, "ledger-bundle");
        manager.addPreparation((b, name, version) -> calls.add("prepare " + b.getBundleId() + " " + name + " " + version));

        manager.addPlugin(reference(7, bundle), plugin("ledger"));

        assertEquals(PluginState.ACTIVE, settled("ledger").state());
        assertEquals(List.of("prepare 42 ledger 1.0.0", "start ledger"), calls);
    }

    @Test
    void aFailingPreparationFailsThePluginWithItsMessageAndStartIsNotCalled() {
        manager.addPreparation((b, name, version) -> {
            throw new IllegalStateException("migration V2__broken.sql failed at statement 1 (line 1): no such table\nmore detail");
        });

        manager.addPlugin(reference(7, bundle(42, "ledger-bundle")), plugin("ledger"));

        PluginStatus status = settled("ledger");
        assertEquals(PluginState.FAILED, status.state());
        assertEquals("migration V2__broken.sql failed at statement 1 (line 1): no such table", status.failure());
        assertTrue(calls.isEmpty(), calls.toString());
    }

    @Test
    void aPluginWaitsWhileAPreparationIsNotReadyAndStartsOnceItIs() {
        boolean[] ready = {false};
        manager.addPreparation(new PluginPreparation() {
            @Override
            public String notReady(Bundle bundle) {
                return ready[0] ? null : "storage";
            }

            @Override
            public void prepare(Bundle bundle, String pluginName, String pluginVersion) {
                calls.add("prepare " + pluginName);
            }
        });

        manager.addPlugin(reference(7, bundle(42, "ledger-bundle")), plugin("ledger"));
        PluginStatus waiting = settled("ledger");
        assertEquals(PluginState.NEW, waiting.state());
        assertEquals(List.of("storage"), waiting.waitingFor());

        ready[0] = true;
        manager.reconsider();
        assertEquals(PluginState.ACTIVE, settled("ledger").state());
        assertEquals(List.of("prepare ledger", "start ledger"), calls);
    }

    @Test
    void withoutPreparationsPluginsStartAsBefore() {
        manager.addPlugin(reference(7, bundle(42, "plain-bundle")), plugin("plain"));
        assertEquals(PluginState.ACTIVE, settled("plain").state());
        assertEquals(List.of("start plain"), calls);
    }

    // --- helpers ---------------------------------------------------------------

    private PluginStatus settled(String name) {
        assertTrue(manager.awaitIdle(Duration.ofSeconds(10)), "lifecycle thread idle");
        return manager.plugin(name).orElseThrow();
    }

    private Plugin plugin(String name) {
        return new Plugin() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String version() {
                return "1.0.0";
            }

            @Override
            public void start() {
                calls.add("start " + name);
            }

            @Override
            public void stop() {
                calls.add("stop " + name);
            }
        };
    }

    private static PluginManager.Config config(long startTimeoutMs) {
        return new PluginManager.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return PluginManager.Config.class;
            }

            @Override
            public long start_timeout_ms() {
                return startTimeoutMs;
            }

            @Override
            public long stop_timeout_ms() {
                return 10_000;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static ServiceReference<Plugin> reference(long serviceId, Bundle bundle) {
        Map<String, Object> props = Map.of(Constants.SERVICE_ID, serviceId);
        return (ServiceReference<Plugin>) Proxy.newProxyInstance(PluginManagerTest.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> props.get((String) args[0]);
                    case "getBundle" -> bundle;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    private static Bundle bundle(long id, String symbolicName) {
        return (Bundle) Proxy.newProxyInstance(PluginManagerTest.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBundleId" -> id;
                    case "getSymbolicName" -> symbolicName;
                    case "getLocation" -> "file:" + symbolicName + ".jar";
                    case "getVersion" -> Version.parseVersion("1.0.0");
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    /** A Logger that drops everything (the manager logs every transition). */
    private static Logger quietLogger() {
        return (Logger) Proxy.newProxyInstance(PluginManagerTest.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? Boolean.FALSE
                        : method.getName().equals("getName") ? "test" : null);
    }
}
