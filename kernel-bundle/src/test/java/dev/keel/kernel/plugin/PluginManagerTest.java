package dev.keel.kernel.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.log.Logger;

import dev.keel.api.Plugin;
import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.deploy.InFlight;
import dev.keel.kernel.deploy.LiveUpdate;

/**
 * The {@link PluginPreparation} seam of {@link PluginManager}: prepared before start, failures, waiting; and,
 * through its {@link LifecycleListener} seam, live update's drain before stop and its "coming back" rule.
 */
class PluginManagerTest {

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final PluginManager manager = new PluginManager(config(10_000), quietLogger(), new PluginEvents());
    /** Live update as the kernel wires it: told by the manager, holding calls for 30 s. */
    private final LiveUpdate live = liveUpdate(30_000);
    /** The same with no hold window: a plugin that went away is not waited for. */
    private final LiveUpdate liveNoWindow = liveUpdate(0);

    @AfterEach
    void close() {
        manager.deactivate();
    }

    private LiveUpdate liveUpdate(long holdTimeoutMs) {
        LiveUpdate l = new LiveUpdate(new LiveUpdate.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LiveUpdate.Config.class;
            }

            @Override
            public long hold_timeout_ms() {
                return holdTimeoutMs;
            }
        }, (BundleContext) Proxy.newProxyInstance(PluginManagerTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> null), manager, quietLogger());
        manager.addListener(l);
        return l;
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

    @Test
    void stopWaitsForTheCallsInFlightOfThePlugin() throws Exception {
        Bundle bundle = bundle(42, "ledger-bundle");
        manager.addPlugin(reference(7, bundle), plugin("ledger"));
        assertEquals(PluginState.ACTIVE, settled("ledger").state());
        InFlight gate = live.gate(42);
        assertTrue(gate.enter());
        java.util.concurrent.CompletableFuture<Void> stopping = java.util.concurrent.CompletableFuture
                .runAsync(() -> manager.stop("ledger"));
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!gate.closed() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        Thread.sleep(50); // a window in which stop() must NOT happen: nothing to poll for
        assertEquals(List.of("start ledger"), calls, "stop() waits while a call is in flight");
        assertEquals(PluginState.STOPPING, manager.plugin("ledger").orElseThrow().state());
        calls.add("call done");
        gate.exit();
        stopping.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(List.of("start ledger", "call done", "stop ledger"), calls);
        assertFalse(gate.enter(), "no call gets into a stopped plugin");

        manager.start("ledger");
        assertEquals(PluginState.ACTIVE, settled("ledger").state());
        assertTrue(gate.enter(), "ACTIVE again: calls get in");
        gate.exit();
    }

    @Test
    void aPluginIsComingBackWhileItsBundleIsUpdatedButNotWhenAnOperatorStoppedIt() {
        Bundle bundle = bundle(42, "ledger-bundle");
        manager.addPlugin(reference(7, bundle), plugin("ledger"));
        assertEquals(PluginState.ACTIVE, settled("ledger").state());
        assertTrue(live.comingBack("ledger"));
        assertFalse(live.comingBack("nothing"), "a name never seen is not coming back");

        manager.stop("ledger");
        assertFalse(live.comingBack("ledger"), "stopped by an operator: answered at once");
        manager.start("ledger");
        settled("ledger");

        live.goingAway(42);
        assertEquals(PluginState.STOPPED, settled("ledger").state());
        assertTrue(live.comingBack("ledger"), "its bundle is being updated");
        manager.reconsider();
        assertEquals(PluginState.STOPPED, settled("ledger").state(), "not started again on the old revision");

        manager.removePlugin(reference(7, bundle));
        assertTrue(live.comingBack("ledger"), "went away a moment ago");
        assertFalse(liveNoWindow.comingBack("ledger"), "went away longer ago than the window");
    }

    @Test
    void aDependentStoppedForARequiredPluginIsComingBackOnlyIfThatOneIs() {
        manager.addPlugin(reference(7, bundle(42, "ledger-bundle")), plugin("ledger"));
        manager.addPlugin(reference(8, bundle(43, "shop-bundle"), "ledger"), plugin("shop"));
        assertEquals(PluginState.ACTIVE, settled("shop").state());

        manager.stop("ledger");
        assertEquals(PluginState.STOPPED, settled("shop").state());
        assertFalse(live.comingBack("shop"), "waits for a plugin an operator stopped");

        manager.start("ledger");
        assertEquals(PluginState.ACTIVE, settled("shop").state());
        live.goingAway(42);
        assertEquals(PluginState.STOPPED, settled("shop").state());
        assertTrue(live.comingBack("shop"), "waits for a plugin that is being updated");
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

    private static ServiceReference<Plugin> reference(long serviceId, Bundle bundle) {
        return reference(serviceId, bundle, null);
    }

    @SuppressWarnings("unchecked")
    private static ServiceReference<Plugin> reference(long serviceId, Bundle bundle, String requires) {
        Map<String, Object> props = requires == null ? Map.of(Constants.SERVICE_ID, serviceId)
                : Map.of(Constants.SERVICE_ID, serviceId, dev.keel.api.KeelPlugin.REQUIRES, requires);
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
