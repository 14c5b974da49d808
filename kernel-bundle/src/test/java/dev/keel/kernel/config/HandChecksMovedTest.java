package dev.keel.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The rules components used to check by hand beside the validator (governance,
 * fault injection, live update's hold, the HTTP entry, storage pool, outbound
 * HTTP timeouts) hold in their
 * Metatype definitions, which the validator enforces before a component sees a
 * value: a component trusts what it gets.
 */
class HandChecksMovedTest {

    @Test
    void governanceRangesAndTheTimeoutFamily() throws Exception {
        ObjectClassDefinition ocd = FelixDefinitions.forPid("dev.keel.kernel.governance.Governor$Config.xml",
                "keel.governance");
        assertRejected(ocd, Map.of("failure.rate.threshold", "150", "minimum.calls", "0", "sliding.window.size", "0",
                "wait.in.open.ms", "0", "half.open.calls", "0", "timeout.root", "0",
                "timeout.PaymentService", "0", "timeout.order", "soon"));
        assertAccepted(ocd, Map.of("failure.rate.threshold", "100", "minimum.calls", "1", "timeout.PaymentService", "1"));
    }

    @Test
    void callsAreHeldForNoLessThanZeroMilliseconds() throws Exception {
        ObjectClassDefinition ocd = FelixDefinitions.forPid("dev.keel.kernel.deploy.LiveUpdate$Config.xml",
                "keel.liveupdate");
        assertRejected(ocd, Map.of("hold.timeout.ms", "-1"));
        assertAccepted(ocd, Map.of("hold.timeout.ms", "0"));
    }

    @Test
    void theEntryTakesNoNegativeBodyLimitOrRetryAfter() throws Exception {
        ObjectClassDefinition ocd = FelixDefinitions.forPid("dev.keel.kernel.http.ApiServlet$Config.xml", "keel.http");
        assertRejected(ocd, Map.of("max.body.bytes", "-1", "retry.after.s", "-5"));
        assertAccepted(ocd, Map.of("max.body.bytes", "0", "retry.after.s", "0"));
    }

    @Test
    void faultRatesAreASharePerPluginOrVersionAndLatenciesNotNegative() throws Exception {
        ObjectClassDefinition ocd = FelixDefinitions.forPid("dev.keel.kernel.governance.Faults$Config.xml",
                "keel.faults");
        assertRejected(ocd, Map.of("failure.rate.payment", "2", "failure.rate.payment@1.1.0", "-0.5",
                "latency.payment", "-1", "latency.order", "slow", "failure.rate.root", "1.5"));
        assertAccepted(ocd, Map.of("failure.rate.payment", "1", "failure.rate.payment@1.1.0", "0.25",
                "latency.payment", "0", "latency.root", "5000"));
    }

    @Test
    void thePoolHasAConnectionAndATimeoutOfAtLeast250Ms() throws Exception {
        ObjectClassDefinition ocd = FelixDefinitions.forPid("dev.keel.kernel.storage.StoragePool$Config.xml",
                "keel.storage");
        assertRejected(ocd, Map.of("pool.size", "0", "connection.timeout.ms", "249"));
        assertAccepted(ocd, Map.of("pool.size", "1", "connection.timeout.ms", "250"));
    }

    @Test
    void outboundTimeoutsAreAtLeastOneMillisecond() throws Exception {
        ObjectClassDefinition ocd = FelixDefinitions.forPid("dev.keel.kernel.http.OutboundHttp$Config.xml",
                "keel.http.client");
        assertRejected(ocd, Map.of("connect.timeout.ms", "0", "read.timeout.ms", "-5"));
        assertAccepted(ocd, Map.of("connect.timeout.ms", "1", "read.timeout.ms", "1"));
    }

    private static void assertRejected(ObjectClassDefinition ocd, Map<String, Object> values) {
        List<Rejection> rejections = ConfigCheck.apply(ocd, new Hashtable<>(values), new HashMap<>());
        assertEquals(values.keySet().stream().sorted().toList(), rejections.stream().map(Rejection::key).toList(),
                String.valueOf(rejections));
    }

    private static void assertAccepted(ObjectClassDefinition ocd, Map<String, Object> values) {
        assertEquals(List.of(), ConfigCheck.apply(ocd, new Hashtable<>(values), new HashMap<>()));
    }
}
