package dev.keel.kernel.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.keel.kernel.security.Actors;
import dev.keel.kernel.security.Audit.Actor;
import dev.keel.kernel.security.RecordingAudit;

class ReleaseAuditTest {

    private final RecordingAudit trail = new RecordingAudit();
    private final ReleaseAudit audit = new ReleaseAudit(() -> trail);

    @Test
    void aCanaryByHandIsAuditedWithWhoWhatAndTheOutcome() {
        Actor ops = new Actor("ops", "ssh", "ssh:ops@10.0.0.2:5000#3");
        String done = audit.run(ops, "release.canary", "payment", Map.of("version", "1.1.0", "weight", "20"),
                () -> "payment 1.1.0.x now gets 20% of the traffic");

        assertEquals("payment 1.1.0.x now gets 20% of the traffic", done);
        RecordingAudit.Act line = trail.acts.get(0);
        assertEquals(ops, line.who());
        assertEquals("release.canary", line.action());
        assertEquals("payment", line.target());
        assertEquals("20", line.details().get("weight"));
        assertEquals(done, line.details().get("done"));
        assertEquals("ok", line.result());
    }

    @Test
    void theAutomaticRollbackIsKeelsAndAFailedPromoteIsAuditedToo() {
        audit.run(Actors.KEEL, "release.rollback", "payment", Map.of("automatic", "true"), () -> "rolled back");
        assertThrows(IllegalArgumentException.class, () -> audit.run(new Actor("ops", "http", "::1"),
                "release.promote", "payment", Map.of(), () -> {
                    throw new IllegalArgumentException("payment has no canary");
                }));

        assertEquals("keel", trail.acts.get(0).who().subject());
        assertEquals("true", trail.acts.get(0).details().get("automatic"));
        assertEquals("failed: payment has no canary", trail.acts.get(1).result());
    }
}
