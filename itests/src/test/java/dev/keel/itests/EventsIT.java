package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import dev.keel.itests.fixture.ping.PingPublisher;

/** The event bus (EventAdmin) as the kernel watches it: counts per topic, problem handlers, keel:events. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EventsIT extends KeelTest {

    @Inject
    private EventAdmin eventAdmin;

    @Inject
    private CommandProcessor shell;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final List<Bundle> installed = new ArrayList<>();

    @Configuration
    public Option[] config() throws IOException {
        return KeelOptions.kernelOnly(KeelOptions.freePort(), Fixtures.option("pinger", FixtureBundles.pinger()));
    }

    @After
    public void cleanUp() throws Exception {
        registrations.forEach(ServiceRegistration::unregister);
        for (Bundle b : installed) {
            b.uninstall();
        }
    }

    @Test
    public void anEventPublishedByOnePluginReachesAHandlerInAnotherBundleAndIsCounted() throws Exception {
        List<Event> received = Collections.synchronizedList(new ArrayList<>());
        subscribe(PingPublisher.TOPIC, received::add);

        Bundle pinger = Fixtures.install(context, "pinger");
        installed.add(pinger);
        pinger.start();

        Await.until("3 pings received", () -> received.size() == 3, received::toString);
        assertEquals("dev.keel.itests.pinger", received.get(0).getProperty("sender"));
        Pattern counted = Pattern.compile("(?m)^keel/itest/ping +3 +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$");
        Await.until("keel:events counts 3 pings", () -> counted.matcher(events()).find(), this::events);
        assertTrue(events(), events().startsWith("TOPIC "));
    }

    @Test
    public void aHandlerThatTimesOutIsDeniedAndReported() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        subscribe("keel/itest/slow", new SlowHandler(calls, release));
        try {
            // Felix EventAdmin 1.6.4 decides whether a handler is timed when it first delivers to it:
            // the first event is never timed, so the handler answers that one at once
            eventAdmin.sendEvent(new Event("keel/itest/slow", Map.of()));
            // the second outlives the timeout (5 s by default): EventAdmin denies the handler
            eventAdmin.postEvent(new Event("keel/itest/slow", Map.of()));
            String probe = context.getBundle().getSymbolicName();
            Await.until("keel:events reports the slow handler", Duration.ofSeconds(30), () -> events().contains(
                    "Problem handlers:") && reportLine(probe, SlowHandler.class.getName(), "timed out"), this::events);
        } finally {
            release.countDown();
        }
        eventAdmin.sendEvent(new Event("keel/itest/slow", Map.of()));
        assertEquals("a denied handler gets no more events", 2, calls.get());
    }

    @Test
    public void aHandlerThatThrowsIsReported() throws Exception {
        subscribe("keel/itest/bad", new ThrowingHandler());
        eventAdmin.postEvent(new Event("keel/itest/bad", Map.of()));
        String probe = context.getBundle().getSymbolicName();
        Await.until("keel:events reports the throwing handler", () -> reportLine(probe, ThrowingHandler.class.getName(),
                "threw IllegalStateException: cannot handle bad news"), this::events);
    }

    // --- helpers ---------------------------------------------------------------

    private boolean reportLine(String bundle, String handler, String reason) {
        return events().lines().anyMatch(l -> l.startsWith(bundle + " [") && l.contains(handler) && l.contains(reason));
    }

    private void subscribe(String topic, EventHandler handler) {
        registrations.add(context.registerService(EventHandler.class, handler,
                new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, topic))));
    }

    /** Runs keel:events in a Gogo session, as the console would. */
    private String events() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out)) {
            CommandSession session = shell.createSession(new ByteArrayInputStream(new byte[0]), print, print);
            try {
                return String.valueOf(session.execute("keel:events"));
            } catch (Exception e) {
                throw new AssertionError("keel:events failed: " + e, e);
            } finally {
                session.close();
            }
        }
    }

    /** Answers its first event at once, then blocks until released (at most 30 s): longer than EventAdmin's timeout. */
    public static final class SlowHandler implements EventHandler {
        private final AtomicInteger calls;
        private final CountDownLatch release;

        SlowHandler(AtomicInteger calls, CountDownLatch release) {
            this.calls = calls;
            this.release = release;
        }

        @Override
        public void handleEvent(Event event) {
            if (calls.incrementAndGet() == 1) {
                return;
            }
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Throws on every event. */
    public static final class ThrowingHandler implements EventHandler {
        @Override
        public void handleEvent(Event event) {
            throw new IllegalStateException("cannot handle bad news");
        }
    }
}
