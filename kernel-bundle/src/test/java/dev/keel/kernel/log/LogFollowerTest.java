package dev.keel.kernel.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

class LogFollowerTest {

    /** Felix Log as the follower sees it: a history (newest first) and a listener it delivers to later. */
    private final List<LogEntry> history = new ArrayList<>();
    private final List<LogListener> listeners = new ArrayList<>();
    private final List<String> taken = new ArrayList<>();

    private final LogReaderService reader = (LogReaderService) Proxy.newProxyInstance(
            LogReaderService.class.getClassLoader(), new Class<?>[] {LogReaderService.class}, (p, m, a) -> switch (
                    m.getName()) {
                case "addLogListener" -> listeners.add((LogListener) a[0]);
                case "removeLogListener" -> listeners.remove(a[0]);
                case "getLog" -> Collections.enumeration(history);
                default -> null;
            });
    private final BundleContext context = (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
            new Class<?>[] {BundleContext.class}, (p, m, a) -> null);

    private LogEntry log(long sequence, String message) {
        LogEntry e = (LogEntry) Proxy.newProxyInstance(LogEntry.class.getClassLoader(), new Class<?>[] {LogEntry.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getSequence" -> sequence;
                    case "getMessage" -> message;
                    case "toString" -> message;
                    default -> null;
                });
        history.add(0, e);
        return e;
    }

    private LogFollower follower() {
        return new LogFollower(context, reader, e -> taken.add(e.getMessage()));
    }

    @Test
    void recordsFelixLogHasNotDeliveredWhenTheSinkStopsAreTakenFromTheHistoryOnce() {
        LogFollower follower = follower();
        follower.open(false);
        LogEntry started = log(1, "plugin payment 1.0.0 ACTIVE");
        follower.logged(started);
        log(2, "plugin order 1.0.0 STOPPED");
        log(3, "plugin payment 1.0.0 STOPPED"); // both still queued in Felix Log's listener thread

        follower.close();

        assertEquals(List.of("plugin payment 1.0.0 ACTIVE", "plugin order 1.0.0 STOPPED",
                "plugin payment 1.0.0 STOPPED"), taken);
        assertEquals(List.of(), listeners);
    }

    @Test
    void aRecordDeliveredAfterTheCatchUpIsNotTakenTwice() {
        LogFollower follower = follower();
        follower.open(false);
        LogEntry stopped = log(1, "plugin order 1.0.0 STOPPED");
        follower.close();
        follower.logged(stopped); // Felix Log's thread was already on its way

        assertEquals(List.of("plugin order 1.0.0 STOPPED"), taken);
    }

    @Test
    void whileTheFrameworkStartsTheHistoryIsTakenOldestFirstAndLaterNotRepeated() {
        log(1, "first");
        log(2, "second");
        LogFollower starting = follower();
        starting.open(true);
        assertEquals(List.of("first", "second"), taken);

        taken.clear();
        LogFollower restarted = follower();
        restarted.open(false);
        restarted.close();
        assertEquals(List.of(), taken);
    }
}
