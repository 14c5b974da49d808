package dev.keel.kernel.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;

class FaultsVersionTest {

    @Test
    void aVersionKeyTargetsThatVersionOnly() {
        Map<String, Faults.Fault> f = Faults.parse(Map.of("failure.rate.payment@1.1.0", "1", "latency.payment", "5"));
        assertEquals(1.0, Faults.versioned(f, "payment", "1.1.0.202611250911").failureRate());
        assertNull(Faults.versioned(f, "payment", "1.0.0.202611250911"));
        assertNull(Faults.versioned(f, "order", "1.1.0"));
        assertEquals(0.0, f.get("payment").failureRate());
    }
}
