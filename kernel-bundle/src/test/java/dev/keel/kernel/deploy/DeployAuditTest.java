package dev.keel.kernel.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keel.kernel.deploy.Deployment.Action;
import dev.keel.kernel.deploy.Deployment.Outcome;
import dev.keel.kernel.security.Audit.Actor;
import dev.keel.kernel.security.RecordingAudit;

class DeployAuditTest {

    private final RecordingAudit trail = new RecordingAudit();
    private final DeployAudit audit = new DeployAudit(trail);
    private final Actor alice = new Actor("alice", "http", "127.0.0.1");

    @Test
    void aDoneInstallSaysWhoTheLocationTheSha256AndTheBundle() {
        DeployAudit.Act act = audit.act(alice, "bundle.install", "deploy/p.jar");
        act.run(() -> {
            act.fetched(new CodeSources.Artifact("file:/keel/deploy/p.jar", new byte[0], "ab".repeat(32)));
            return new Deployment(Action.INSTALLED, 12, "dev.keel.p", "1.1.0", null, "file:/keel/deploy/p.jar",
                    Outcome.DONE, List.of(), null);
        });

        RecordingAudit.Act line = trail.acts.get(0);
        assertEquals(alice, line.who());
        assertEquals("bundle.install", line.action());
        assertEquals("deploy/p.jar", line.target());
        assertEquals("file:/keel/deploy/p.jar", line.details().get("location"));
        assertEquals("ab".repeat(32), line.details().get("sha256"));
        assertEquals("dev.keel.p 1.1.0 (bundle 12)", line.details().get("bundle"));
        assertEquals("ok", line.result());
    }

    @Test
    void aRefusedUpdateIsAuditedWithWhy() {
        DeployAudit.Act act = audit.act(alice, "bundle.update", "payment");
        IllegalArgumentException refused = new IllegalArgumentException("refused: http://x/evil.jar is plain http://");
        assertThrows(IllegalArgumentException.class, () -> act.run(() -> {
            throw refused;
        }));

        RecordingAudit.Act line = trail.acts.get(0);
        assertEquals("bundle.update", line.action());
        assertEquals("payment", line.target());
        assertEquals("failed: " + refused.getMessage(), line.result());
    }

    @Test
    void aShaMismatchIsAuditedWithTheLocationAndTheHashFound() {
        DeployAudit.Act act = audit.act(alice, "bundle.update", "payment");
        assertThrows(IllegalArgumentException.class, () -> act.run(() -> {
            act.detail("location", "https://repo.example/p.jar");
            throw new IllegalArgumentException("SHA-256 mismatch for https://repo.example/p.jar");
        }));
        assertEquals("https://repo.example/p.jar", trail.acts.get(0).details().get("location"));
        assertEquals("failed: SHA-256 mismatch for https://repo.example/p.jar", trail.acts.get(0).result());
    }
}
