package dev.keel.kernel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keel.kernel.events.ClusterEvents;
import dev.keel.kernel.governance.Governor;
import dev.keel.kernel.governance.NodeProvider;

class NodeCommandsTest {

    @Test
    void listsLocalAndRemoteProvidersWithTheRemoteOnesBreaker() {
        String out = NodeCommands.format("node-a", List.of(
                new NodeProvider("node-a", false, "dev.keel.api.user.UserService", "user", "1.0.0", true, true),
                new NodeProvider("node-b", true, "dev.keel.api.payment.PaymentService", "payment", "1.0.0", true,
                        false)),
                List.of(new Governor.BreakerView("payment", "1.0.0@node-b", "OPEN", 80f, 5, 4, 2, Instant.EPOCH,
                        "CLOSED -> OPEN")));
        String[] lines = out.split("\n");
        assertEquals("This node: node-a", lines[0]);
        assertTrue(lines[1].startsWith("NODE    WHERE   CONTRACT        PLUGIN   VERSION  STATE   EXPORTED  BREAKER"),
                lines[1]);
        assertTrue(lines[2].matches("node-a\\s+local\\s+UserService\\s+user\\s+1\\.0\\.0\\s+ACTIVE\\s+yes\\s+-\\s*"),
                lines[2]);
        assertTrue(lines[3].matches(
                "node-b\\s+remote\\s+PaymentService\\s+payment\\s+1\\.0\\.0\\s+ACTIVE\\s+-\\s+OPEN\\s*"), lines[3]);
    }

    @Test
    void saysWhenClusteringIsOff() {
        String out = NodeCommands.format(null, List.of(), List.of());
        assertTrue(out.startsWith("Clustering is off"), out);
    }

    @Test
    void showsWhereTheEventRelayIs() {
        assertEquals(String.format("Events across nodes: cursor 42, 3 logged here, 7 relayed from other nodes, "
                + "0 waiting for the database%n"), NodeCommands.events(new ClusterEvents.Status("node-c", 42, 3, 7, 0,
                        null)));
        assertTrue(NodeCommands.events(new ClusterEvents.Status("node-c", 0, 0, 0, 2, "SQLException: gone"))
                .contains("2 waiting for the database; database problem: SQLException: gone"));
    }
}
