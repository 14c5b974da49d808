package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the web console reads and does through {@code /admin}, on the real
 * bundles: the session, the traffic history, the installable jars, breakers
 * and their audited reset, the log tail's level filter, a PID with its
 * Metatype definition, and a refused value answered key by key with nothing
 * applied; a viewer reads all of it and changes nothing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleAdminIT extends KeelTest {

    @Configuration
    public Option[] config() {
        return KeelOptions.keel(KeelOptions.freePort());
    }

    @Before
    public void ready() {
        api();
        awaitBusinessPlugins();
    }

    private Api as(String name, String roles) {
        return api().withToken(Operators.token(this, name, roles));
    }

    @Test
    public void aViewerReadsWhatTheConsoleShowsAndChangesNothing() {
        Api viewer = as("console-it-viewer", "viewer");
        JsonNode session = viewer.get("/admin/session").json();
        assertEquals("console-it-viewer", session.get("subject").asText());
        assertTrue(session.toString(), session.get("roles").toString().contains("\"viewer\""));
        assertFalse(session.toString(), session.get("roles").toString().contains("\"operator\""));

        for (String path : List.of("/admin/traffic", "/admin/artifacts", "/admin/breakers", "/admin/log",
                "/admin/config", "/admin/config/keel.release")) {
            Api.Reply r = viewer.get(path);
            assertEquals(path + ": " + r, 200, r.status());
        }
        JsonNode traffic = viewer.get("/admin/traffic").json();
        assertEquals(20.0, traffic.get("rollbackErrorRate").asDouble(), 0);
        assertEquals(900, traffic.get("windowS").asInt());

        JsonNode release = viewer.get("/admin/config/keel.release").json();
        JsonNode calls = attribute(release, "rollback.minimum.calls");
        assertEquals("Calls to the canary within the window before its error rate counts",
                calls.get("description").asText());
        assertEquals("20", calls.get("default").asText());
        assertTrue("a number has no options: " + calls, calls.get("options").isNull());

        assertEquals(403, viewer.post("/admin/breakers/payment/reset", Map.of()).status());
        assertEquals(403, viewer.post("/admin/config/keel.release", Map.of("values",
                Map.of("rollback.minimum.calls", "5"))).status());
        assertEquals(404, viewer.get("/admin/config/no.such.pid").status());
    }

    @Test
    public void aRefusedValueIsAnsweredKeyByKeyAndNothingApplies() throws Exception {
        Api operator = as("console-it-operator", "operator");
        Api.Reply refused = operator.post("/admin/config/keel.release", Map.of("values",
                Map.of("rollback.minimum.calls", "lots", "rollback.window.s", "30")));
        assertEquals(refused.toString(), 400, refused.status());
        assertTrue(refused.contentType(), refused.contentType().startsWith("application/problem+json"));
        JsonNode errors = refused.json().get("errors");
        assertEquals(errors.toString(), 1, errors.size());
        assertTrue(errors.toString(), errors.get("rollback.minimum.calls").asText().contains("allowed: a whole number"));
        JsonNode window = attribute(operator.get("/admin/config/keel.release").json(), "rollback.window.s");
        assertFalse("nothing applied: " + window, "30".equals(window.get("value").asText()));

        assertEquals(400, operator.get("/admin/log?level=LOUD").status());
        assertEquals(400, operator.get("/admin/log?lines=0").status());
    }

    @Test
    public void trafficAppearsPerVersionAndABreakerResetIsAudited() throws Exception {
        for (int i = 0; i < 20; i++) {
            Api.Reply r = api().post("/api/payment/payments", Map.of("orderId", "console-" + i, "amount", 1_000,
                    "currency", "EUR"), Map.of("Idempotency-Key", UUID.randomUUID().toString()));
            assertEquals(r.toString(), 201, r.status());
        }
        JsonNode[] last = new JsonNode[1];
        Await.until("payment's calls in the traffic history", Duration.ofSeconds(30), () -> {
            last[0] = api().get("/admin/traffic").json();
            for (JsonNode p : last[0].get("plugins")) {
                if (p.get("plugin").asText().equals("payment")) {
                    for (JsonNode v : p.get("versions")) {
                        for (JsonNode s : v.get("samples")) {
                            if (s.get("calls").asLong() > 0 && s.get("rps").asDouble() > 0) {
                                return v.get("role").asText().equals("stable");
                            }
                        }
                    }
                }
            }
            return false;
        }, () -> last[0]);

        Api operator = as("console-it-operator", "operator");
        Await.until("payment's breaker", Duration.ofSeconds(10), () -> operator.get("/admin/breakers").json()
                .toString().contains("\"plugin\":\"payment\""));
        Api.Reply reset = operator.post("/admin/breakers/payment/reset", Map.of());
        assertEquals(reset.toString(), 200, reset.status());
        Path audit = Path.of(context.getProperty("keel.log.file")).resolveSibling("audit.log");
        Await.until("breaker.reset in the audit trail", Duration.ofSeconds(10), () -> {
            try {
                return Files.readString(audit).lines().anyMatch(l -> l.contains("\"action\":\"breaker.reset\"")
                        && l.contains("\"who\":\"console-it-operator\"") && l.contains("\"target\":\"payment\""));
            } catch (java.io.IOException e) {
                return false;
            }
        }, () -> audit);
        assertEquals(400, operator.post("/admin/breakers/nothing/reset", Map.of()).status());
    }

    private static JsonNode attribute(JsonNode config, String key) {
        for (JsonNode a : config.get("attributes")) {
            if (a.get("key").asText().equals(key)) {
                return a;
            }
        }
        throw new AssertionError("no " + key + " in " + config);
    }
}
