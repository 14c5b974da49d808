package dev.keel.kernel.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.log.Logger;

class EventMonitorTest {

    private final List<String> warnings = new ArrayList<>();
    private final EventMonitor monitor = new EventMonitor(reader(), logger(warnings));

    @Test
    void countsEventsPerTopic() {
        monitor.handleEvent(new Event("keel/order/PLACED", Map.of()));
        monitor.handleEvent(new Event("keel/order/PLACED", Map.of()));
        monitor.handleEvent(new Event("keel/order/PAID", Map.of()));
        assertEquals(List.of("keel/order/PAID 1", "keel/order/PLACED 2"),
                monitor.topics().stream().map(t -> t.topic() + " " + t.count()).toList());
    }

    @Test
    void topicsPastTheBoundCountTogether() {
        for (int i = 0; i < EventMonitor.MAX_TOPICS + 5; i++) {
            monitor.handleEvent(new Event("keel/order/" + i, Map.of()));
        }
        monitor.handleEvent(new Event("keel/order/0", Map.of()));
        assertEquals(EventMonitor.MAX_TOPICS + 1, monitor.topics().size());
        assertEquals(5, monitor.topics().stream().filter(t -> t.topic().equals(EventMonitor.OTHER)).findFirst()
                .orElseThrow().count());
        assertEquals(2, monitor.topics().stream().filter(t -> t.topic().equals("keel/order/0")).findFirst()
                .orElseThrow().count());
    }

    @Test
    void aProblemHandlerIsLoggedOnceAndCountedEveryTime() {
        HandlerReport report = new HandlerReport(HandlerReport.Kind.THREW, "orders", 31, "x.Listener", "threw X");
        monitor.report(report);
        monitor.report(report);
        assertEquals(1, warnings.size());
        assertEquals(2, monitor.problems().get(0).count());
        assertEquals("orders", monitor.problems().get(0).bundle());
    }

    private static LogReaderService reader() {
        return (LogReaderService) Proxy.newProxyInstance(EventMonitorTest.class.getClassLoader(),
                new Class<?>[] {LogReaderService.class}, (proxy, method, args) -> null);
    }

    private static Logger logger(List<String> warnings) {
        return (Logger) Proxy.newProxyInstance(EventMonitorTest.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("warn")) {
                        warnings.add(String.valueOf(args[0]));
                    }
                    return method.getReturnType() == boolean.class ? Boolean.FALSE : null;
                });
    }
}
