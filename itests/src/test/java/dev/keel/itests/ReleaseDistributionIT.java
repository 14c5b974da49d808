package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.UUID;

import org.junit.Test;

import dev.keel.itests.KeelProcess.Result;

/**
 * The README's release walk-through on the assembled distribution run as a
 * process: payment 1.1.0 from {@code examples/} beside 1.0.0, a 10% canary
 * that survives a full stop and start of the process, then a promote that
 * uninstalls 1.0.0 (installed from {@code deploy/} before the restart).
 */
public class ReleaseDistributionIT {

    private static int onCanary(Api api, String run, int users) {
        int canary = 0;
        for (int i = 0; i < users; i++) {
            Api.Reply r = api.post("/api/payment/payments", Map.of("orderId", "o-" + i, "amount", 10_000,
                    "currency", "EUR"), Map.of("Idempotency-Key", UUID.randomUUID().toString(), "X-User-Id",
                            run + "-" + i));
            assertEquals(r.toString(), 201, r.status());
            canary += r.header("X-Payment-Version").startsWith("1.1.0.") ? 1 : 0;
        }
        return canary;
    }

    @Test
    public void aCanarySurvivesARestartAndIsPromoted() throws Exception {
        try (KeelProcess keel = KeelProcess.copyOfDistribution()) {
            Result start = keel.command("start");
            assertEquals(start.toString(), 0, start.exit());
            Api api = keel.api();

            Result install = keel.command("client", "keel:install", "examples/payment-bundle-next.jar");
            assertEquals(install.toString(), 0, install.exit());
            Result canary = keel.command("client", "keel:canary", "payment", "1.1.0", "10");
            assertEquals(canary.toString(), 0, canary.exit());
            assertTrue(canary.toString(), canary.stdout().contains("now gets 10% of the traffic"));
            int before = onCanary(api, "a", 400);
            assertTrue("canary share " + before + " of 400", before >= 16 && before <= 70);

            Result stop = keel.command("stop");
            assertEquals(stop.toString(), 0, stop.exit());
            start = keel.command("start");
            assertEquals(start.toString(), 0, start.exit());

            Result releases = keel.command("client", "keel:releases");
            assertEquals(releases.toString(), 0, releases.exit());
            assertTrue(releases.stdout(), releases.stdout().matches("(?s).*payment +1\\.1\\.0\\.\\d+ +\\d+ +ACTIVE +canary +10%.*"));
            assertEquals("the same users land on the same versions after the restart", before, onCanary(api, "a", 400));

            Result promote = keel.command("client", "keel:promote", "payment");
            assertEquals(promote.toString(), 0, promote.exit());
            assertTrue(promote.stdout(), promote.stdout().contains("promoted"));
            assertEquals(400, onCanary(api, "b", 400));
            Result plugins = keel.command("client", "keel:plugins");
            assertTrue(plugins.stdout(), !plugins.stdout().contains("1.0.0.") || !plugins.stdout()
                    .matches("(?s).*payment +1\\.0\\.0.*"));

            stop = keel.command("stop");
            assertEquals(stop.toString(), 0, stop.exit());
        }
    }
}
