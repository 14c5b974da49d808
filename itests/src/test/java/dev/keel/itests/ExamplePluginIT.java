package dev.keel.itests;

import static org.junit.Assert.assertEquals;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import com.fasterxml.jackson.databind.JsonNode;

import dev.keel.api.PluginState;

/**
 * The README's example plugin ({@code examples/example-plugin.jar}): one
 * component that injects logger, configuration, DataSource, HTTP client and
 * EventAdmin works with nothing else set up — installed into a running Keel,
 * it migrates its table, reads its configuration, calls out over HTTP, serves
 * its route, stores, posts events and logs.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ExamplePluginIT extends KeelTest {

    @Configuration
    public Option[] config() {
        return KeelOptions.keel(KeelOptions.freePort());
    }

    @Test
    public void theExamplePluginUsesEveryKernelServiceWithNothingElseSetUp() throws Exception {
        String base = "http://127.0.0.1:" + context.getProperty("org.osgi.service.http.port");
        Api api = api();
        org.osgi.service.cm.Configuration cfg = configAdmin.getConfiguration("keel.example.greeting", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("greeting", "Hi");
        props.put("upstream.url", base + "/health/live");
        cfg.update(props);

        List<Event> seen = new CopyOnWriteArrayList<>();
        Dictionary<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, "keel/greeting/SENT");
        ServiceRegistration<EventHandler> handler = context.registerService(EventHandler.class, seen::add, topics);
        try (LogLines log = new LogLines(context)) {
            Bundle example = context.installBundle(KeelOptions.dist().resolve("examples/example-plugin.jar").toUri()
                    .toString());
            example.start();
            awaitState("greeting", PluginState.ACTIVE);

            JsonNode first = api.get("/api/greeting/greetings/Ada").json();
            assertEquals(first.toString(), "Hi, Ada!", first.get("greeting").asText());
            assertEquals(1, first.get("times").asLong());
            assertEquals("the HTTP client reached the upstream URL on start", 200,
                    first.get("upstreamStatus").asInt());
            assertEquals(2, api.get("/api/greeting/greetings/Ada").json().get("times").asLong());
            Await.until("two events posted", () -> seen.size() == 2, () -> seen);
            assertEquals("Ada", seen.get(0).getProperty("name"));
            Await.until("the plugin logged through the OSGi log", () -> !log.containing("greeting plugin", "started")
                    .isEmpty() && !log.containing("upstream", "answered 200").isEmpty(), () -> log);

            props.put("greeting", "Hello");
            cfg.update(props);
            Await.until("a configuration change is applied live", () -> "Hello, Grace!"
                    .equals(api.get("/api/greeting/greetings/Grace").json().path("greeting").asText()),
                    () -> api.get("/api/greeting/greetings/Grace"));
            assertEquals(404, api.get("/api/greeting/greetings/").status());
            example.uninstall();
        } finally {
            handler.unregister();
            cfg.delete();
        }
    }
}
