package dev.keel.kernel.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.propertytypes.EventDelivery;
import org.osgi.service.event.propertytypes.EventTopics;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Watches the event bus (OSGi EventAdmin) without being a second one: counts
 * every event per topic through a handler on {@code *}, and collects the
 * handlers EventAdmin reports in the OSGi log as timed out (denied further
 * events) or throwing, logging each problem handler once.
 */
@Component(service = {EventHandler.class, EventMonitor.class}, immediate = true)
@EventTopics("*")
@EventDelivery(EventConstants.DELIVERY_ASYNC_UNORDERED)
public final class EventMonitor implements EventHandler, LogListener {

    /** Events seen on one topic. */
    public record TopicCount(String topic, long count, Instant lastSeen) {
    }

    /** A handler EventAdmin reported, and how often. */
    public record HandlerProblem(String bundle, long bundleId, String handler, String reason, long count,
            Instant lastSeen) {
    }

    private static final class Seen {
        final LongAdder count = new LongAdder();
        volatile Instant last;

        void hit() {
            count.increment();
            last = Instant.now();
        }
    }

    private record ProblemKey(long bundleId, String handler, HandlerReport.Kind kind) {
    }

    private static final class Problem {
        final HandlerReport first;
        volatile String reason;
        final Seen seen = new Seen();

        Problem(HandlerReport first) {
            this.first = first;
            this.reason = first.reason();
        }
    }

    /** Most topics counted one by one; the rest count under {@link #OTHER}. */
    static final int MAX_TOPICS = 2_000;
    static final String OTHER = "(other topics)";

    private final LogReaderService reader;
    private final Logger log;
    private final Map<String, Seen> topics = new ConcurrentHashMap<>();
    private final Map<ProblemKey, Problem> problems = new ConcurrentHashMap<>();

    @Activate
    public EventMonitor(@Reference LogReaderService reader, @Reference(service = LoggerFactory.class) Logger log) {
        this.reader = reader;
        this.log = log;
        reader.addLogListener(this);
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    @Override
    public void handleEvent(Event event) {
        String topic = event.getTopic();
        Seen seen = topics.get(topic);
        if (seen == null) {
            // bounded: topics made of ids (a topic per order) must not grow the map without end
            seen = topics.computeIfAbsent(topics.size() < MAX_TOPICS ? topic : OTHER, t -> new Seen());
        }
        seen.hit();
    }

    @Override
    public void logged(LogEntry entry) {
        HandlerReport.parse(entry.getMessage(), entry.getException()).ifPresent(this::report);
    }

    void report(HandlerReport report) {
        ProblemKey key = new ProblemKey(report.bundleId(), report.handler(), report.kind());
        boolean[] isNew = {false};
        Problem p = problems.computeIfAbsent(key, k -> {
            isNew[0] = true;
            return new Problem(report);
        });
        p.reason = report.reason();
        p.seen.hit();
        if (isNew[0]) {
            log.warn("event handler {} of bundle {} [{}] {}", report.handler(), report.bundle(), report.bundleId(),
                    report.reason());
        }
    }

    /** Topics seen so far, by name. */
    public List<TopicCount> topics() {
        List<TopicCount> out = new ArrayList<>();
        topics.forEach((topic, seen) -> out.add(new TopicCount(topic, seen.count.sum(), seen.last)));
        out.sort(Comparator.comparing(TopicCount::topic));
        return out;
    }

    /** Handlers EventAdmin reported, most recent first. */
    public List<HandlerProblem> problems() {
        List<HandlerProblem> out = new ArrayList<>();
        problems.values().forEach(p -> out.add(new HandlerProblem(p.first.bundle(), p.first.bundleId(),
                p.first.handler(), p.reason, p.seen.count.sum(), p.seen.last)));
        out.sort(Comparator.comparing(HandlerProblem::lastSeen).reversed());
        return out;
    }
}
