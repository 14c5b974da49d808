package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.After;
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
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import dev.keel.api.KeelPlugin;
import dev.keel.api.Plugin;
import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;

/** The kernel's plugin lifecycle on the real bundles in Felix. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginLifecycleIT extends KeelTest {

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Configuration
    public Option[] config() {
        return KeelOptions.keel(KeelOptions.freePort());
    }

    @After
    public void cleanUp() {
        registrations.forEach(r -> {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered by the test itself
            }
        });
        for (String name : List.of("user", "payment", "order")) {
            if (runtime.plugin(name).map(p -> p.state() != PluginState.ACTIVE).orElse(false)) {
                runtime.start(name);
            }
        }
        businessPluginsActive();
    }

    @Test
    public void businessPluginsStartAfterThePluginsTheyRequire() {
        businessPluginsActive();
        PluginStatus user = state("user");
        PluginStatus payment = state("payment");
        PluginStatus order = state("order");
        assertEquals(10, user.priority());
        assertEquals(20, order.priority());
        assertEquals(List.of("user", "payment"), order.requires());
        assertFalse("order started before user", order.startedAt().isBefore(user.startedAt()));
        assertFalse("order started before payment", order.startedAt().isBefore(payment.startedAt()));
        List<String> names = runtime.plugins().stream().map(PluginStatus::name).toList();
        assertEquals("listed in start order", List.of("payment", "user", "order"), names);
    }

    @Test
    public void aPluginWhoseStartThrowsIsFailedAndHarmsNothingElse() {
        AtomicBoolean bystanderStarted = new AtomicBoolean();
        register(new TestPlugin("exploding") {
            @Override
            public void start() {
                throw new IllegalStateException("boom");
            }
        }, 50);
        register(new TestPlugin("needs-exploding"), 60, "exploding");
        register(new TestPlugin("bystander") {
            @Override
            public void start() {
                bystanderStarted.set(true);
            }
        }, 70);

        awaitState("exploding", PluginState.FAILED);
        assertTrue(state("exploding").failure(), state("exploding").failure().contains("boom"));
        awaitState("bystander", PluginState.ACTIVE);
        assertTrue(bystanderStarted.get());
        PluginStatus waiting = state("needs-exploding");
        assertEquals(PluginState.NEW, waiting.state());
        assertEquals(List.of("exploding"), waiting.waitingFor());
        businessPluginsActive();
    }

    @Test
    public void stoppingARequiredBundleStopsItsDependentsFirstAndRestartsThemWhenItReturns() throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, PluginState.TOPIC_PREFIX + "*");
        registrations.add(context.registerService(EventHandler.class,
                e -> events.add(e.getProperty("plugin.name") + ":" + e.getProperty("plugin.state")), props));
        Bundle payment = bundle("dev.keel.payment-bundle");

        payment.stop();
        Await.until("order stopped, payment gone", () -> events.contains("payment:STOPPED")
                && runtime.plugin("payment").isEmpty(), events::toString);
        assertEquals(PluginState.STOPPED, state("order").state());
        assertEquals(List.of("payment"), state("order").waitingFor());
        assertTrue(events.toString(), events.indexOf("order:STOPPED") < events.indexOf("payment:STOPPING"));

        events.clear();
        payment.start();
        awaitState("order", PluginState.ACTIVE);
        Await.until("order ACTIVE event", () -> events.contains("order:ACTIVE"), events::toString);
        assertTrue(events.toString(), events.indexOf("payment:ACTIVE") < events.indexOf("order:STARTING"));
    }

    @Test
    public void anOperatorStopHoldsThePluginAndItsDependentsUntilStartedAgain() {
        PluginStatus user = runtime.stop("user");
        assertEquals(PluginState.STOPPED, user.state());
        assertEquals(PluginState.STOPPED, state("order").state());
        assertEquals(PluginState.ACTIVE, state("payment").state());

        assertEquals(PluginState.ACTIVE, runtime.start("user").state());
        awaitState("order", PluginState.ACTIVE);
    }

    @Test
    public void aPluginThatOutlivesTheStartTimeoutIsFailedAndStoppedWhenItFinallyReturns() throws Exception {
        org.osgi.service.cm.Configuration cfg = configAdmin.getConfiguration("keel.plugins", "?");
        Dictionary<String, Object> props = new Hashtable<>(Map.of("start.timeout.ms", 500L));
        cfg.update(props);
        try {
            ServiceReference<PluginRuntime> ref = context.getServiceReference(PluginRuntime.class);
            Await.until("start timeout of 500 ms applied", () -> Long.valueOf(500).equals(ref.getProperty("start.timeout.ms")));

            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean stopped = new AtomicBoolean();
            register(new TestPlugin("sluggish") {
                @Override
                public void start() throws InterruptedException {
                    release.await(30, TimeUnit.SECONDS);
                }

                @Override
                public void stop() {
                    stopped.set(true);
                }
            }, 50);

            awaitState("sluggish", PluginState.FAILED);
            assertEquals("start() did not return within 500 ms", state("sluggish").failure());
            businessPluginsActive();
        } finally {
            cfg.delete();
        }
    }

    @Test
    public void unknownPluginNamesAreRejected() {
        try {
            runtime.start("no-such-plugin");
            throw new AssertionError("expected IllegalArgumentException");
        } catch (IllegalArgumentException e) {
            assertEquals("unknown plugin: no-such-plugin", e.getMessage());
        }
    }

    // --- helpers ---------------------------------------------------------------

    private void businessPluginsActive() {
        awaitBusinessPlugins();
    }

    private PluginStatus state(String name) {
        return plugin(name);
    }

    private void register(Plugin plugin, int priority, String... requires) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(KeelPlugin.PRIORITY, priority);
        props.put(KeelPlugin.REQUIRES, requires);
        registrations.add(context.registerService(Plugin.class, plugin, props));
    }

    /** A plugin registered by the test itself, as any bundle's Plugin service would be. */
    private static class TestPlugin implements Plugin {
        private final String name;

        TestPlugin(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String version() {
            return "1.0.0";
        }

        @Override
        public void start() throws Exception {
        }

        @Override
        public void stop() throws Exception {
        }
    }
}
