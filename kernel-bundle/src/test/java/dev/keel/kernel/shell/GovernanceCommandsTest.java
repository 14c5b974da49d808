package dev.keel.kernel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keel.kernel.governance.GovernanceMetrics;
import dev.keel.kernel.governance.Governor;

class GovernanceCommandsTest {

    @Test
    void breakersAreAnAlignedTable() {
        String out = GovernanceCommands.formatBreakers(List.of(
                new Governor.BreakerView("payment", "1.2.0", "OPEN", 75f, 8, 6, 12, Instant.EPOCH, "CLOSED -> OPEN"),
                new Governor.BreakerView("user", "1.0.0", "CLOSED", -1f, 2, 0, 0, Instant.EPOCH, "created")));
        String[] lines = out.split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].startsWith("PLUGIN   VERSION  STATE   FAILURE RATE  CALLS  FAILED  REJECTED  LAST TRANSITION"),
                lines[0]);
        assertTrue(lines[1].startsWith("payment  1.2.0    OPEN    75.0%         8      6       12"), lines[1]);
        assertTrue(lines[1].endsWith("(CLOSED -> OPEN)"), lines[1]);
        assertTrue(lines[2].startsWith("user     1.0.0    CLOSED  -             2      0       0"), lines[2]);
    }

    @Test
    void metricsShowErrorShareMeanAndP99() {
        String out = GovernanceCommands.formatMetrics(List.of(
                new GovernanceMetrics.Row("service", "payment", "1.0.0", "PaymentService", "charge", 200, 5, 1.234, 5)));
        String[] lines = out.split("\n");
        assertTrue(lines[0].startsWith("KIND     PLUGIN   VERSION  TARGET          METHOD  CALLS  ERRORS  ERROR%"), lines[0]);
        assertTrue(lines[1].matches("service\\s+payment\\s+1\\.0\\.0\\s+PaymentService\\s+charge\\s+200\\s+5\\s+2\\.5\\s+1\\.23\\s+5"),
                lines[1]);
    }

    @Test
    void emptyStatesSayWhy() {
        assertTrue(GovernanceCommands.formatBreakers(List.of()).startsWith("No circuit breakers yet"));
        assertTrue(GovernanceCommands.formatMetrics(List.of()).startsWith("No governed calls"));
    }
}
