package dev.keel.kernel.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class FaultsTest {

    @Test
    void keysPerPluginBecomeFaults() {
        Map<String, Faults.Fault> f = Faults.parse(Map.of("failure.rate.payment", "0.5", "latency.payment", "200",
                "latency.user", "10", "failure.rate.order", "0", "service.pid", "keel.faults"));

        assertEquals(Map.of("payment", new Faults.Fault(0.5, 200), "user", new Faults.Fault(0, 10)), f);
    }

    @Test
    void rootKeysApplyToEveryPluginWithoutItsOwn() {
        Map<String, Faults.Fault> f = Faults.parse(Map.of("failure.rate.root", "0.1", "latency.root", "5",
                "latency.payment", "50"));
        assertEquals(new Faults.Fault(0.1, 5), f.get("root"));
        assertEquals(new Faults.Fault(0.1, 50), f.get("payment"));
    }

    @Test
    void disabledOrEmptyMeansNoFaults() {
        assertEquals(Map.of(), Faults.parse(Map.of("failure.rate.payment", "1", "enabled", "false")));
        assertEquals(Map.of(), Faults.parse(Map.of()));
    }

    /** Out of range (failure.rate.payment=2, latency.payment=-1): the Metatype's rule, see HandChecksMovedTest. */
    @Test
    void aValueThatIsNoNumberIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Faults.parse(Map.of("latency.payment", "slow")));
        assertThrows(IllegalArgumentException.class, () -> Faults.parse(Map.of("failure.rate.payment", "often")));
    }
}
