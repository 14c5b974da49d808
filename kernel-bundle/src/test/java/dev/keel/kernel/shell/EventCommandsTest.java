package dev.keel.kernel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keel.kernel.events.EventMonitor.HandlerProblem;
import dev.keel.kernel.events.EventMonitor.TopicCount;

class EventCommandsTest {

    private static final Instant T = Instant.parse("2026-11-25T08:00:00Z");

    @Test
    void topicsThenProblemHandlersAsAlignedTables() {
        String out = EventCommands.format(List.of(new TopicCount("keel/order/PLACED", 12, T),
                new TopicCount("keel/plugin/ACTIVE", 3, T)),
                List.of(new HandlerProblem("slow", 47, "dev.keel.Slow", "timed out", 1, T)), "");
        String time = PluginCommands.TIME.format(T);
        assertEquals("TOPIC               COUNT  LAST SEEN\n"
                + "keel/order/PLACED   12     " + time + "\n"
                + "keel/plugin/ACTIVE  3      " + time + "\n"
                + "\nProblem handlers:\n"
                + "BUNDLE     HANDLER        REASON     TIMES  LAST\n"
                + "slow [47]  dev.keel.Slow  timed out  1      " + time + "\n", out);
    }

    @Test
    void saysSoWhenNothingWasSeen() {
        assertEquals("No events seen yet.\n", EventCommands.format(List.of(), List.of(), ""));
        assertEquals("No events seen on topics starting with keel/\n", EventCommands.format(List.of(), List.of(), "keel/"));
    }
}
