package dev.keel.kernel.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class FaultsTest {

    @Test
    void keysPerPluginBecomeFaults() {
        Map<String, Faults.Fault> f = Faults.parse(Map.of("payment.failure.rate", "0.5", "payment.latency.ms", "200",
                "user.latency.ms", "10", "order.failure.rate", "0", "service.pid", "keel.faults"));

        assertEquals(Map.of("payment", new Faults.Fault(0.5, 200), "user", new Faults.Fault(0, 10)), f);
    }

    @Test
    void disabledOrEmptyMeansNoFaults() {
        assertEquals(Map.of(), Faults.parse(Map.of("payment.failure.rate", "1", "enabled", "false")));
        assertEquals(Map.of(), Faults.parse(Map.of()));
    }

    @Test
    void badValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Faults.parse(Map.of("payment.failure.rate", "2")));
        assertThrows(IllegalArgumentException.class, () -> Faults.parse(Map.of("payment.latency.ms", "-1")));
        assertThrows(IllegalArgumentException.class, () -> Faults.parse(Map.of("payment.latency.ms", "slow")));
    }
}
