package dev.keel.cluster.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InvalidClassException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.keel.api.ServiceUnavailableException;
import dev.keel.api.payment.IdempotencyConflictException;
import dev.keel.api.payment.Payment;
import dev.keel.api.payment.PaymentStatus;

class ContractFilterTest {

    private static final ClassLoader LOADER = ContractFilterTest.class.getClassLoader();

    /** Serializable, but of no API package: what a gadget chain is made of as far as the filter can tell. */
    record NotApi(String x) implements Serializable {
    }

    private static Object[] roundTrip(Object... args) throws Exception {
        byte[] frame = Wire.request("m()", null, args);
        return Wire.readRequest(frame, LOADER).args();
    }

    @Test
    void theValuesContractsAreMadeOfCross() throws Exception {
        Payment p = new Payment("p-1", "o-1", 2500, "EUR", PaymentStatus.CAPTURED, 10, 0, null);
        Object[] in = {p, "text", 42L, 7, true, 'c', 1.5d, new BigDecimal("12.30"), Instant.ofEpochSecond(5),
            Duration.ofMillis(3), UUID.randomUUID(), List.of("a", "b"), Set.of(1), Map.of("k", 1L),
            new ArrayList<>(List.of(p)), new HashMap<>(Map.of("x", List.of())), new TreeMap<>(Map.of("a", "b")),
            new long[] {1, 2}, new String[] {"s"}, null};
        Object[] out = roundTrip(in);
        assertEquals(in.length, out.length);
        for (int i = 0; i < in.length; i++) {
            if (in[i] instanceof long[] l) {
                assertArrayEquals(l, (long[]) out[i]);
            } else if (in[i] instanceof Object[] a) {
                assertArrayEquals(a, (Object[]) out[i]);
            } else {
                assertEquals(in[i], out[i]);
            }
        }
    }

    @Test
    void theExceptionsOfContractsCrossWithTheirCauses() throws Exception {
        IllegalArgumentException e = new IllegalArgumentException("bad", new IllegalStateException("inner"));
        e.addSuppressed(new UnsupportedOperationException("s"));
        Object[] out = roundTrip(e, new IdempotencyConflictException("key", "p-1"),
                new ServiceUnavailableException("payment", "1.0.0", ServiceUnavailableException.Reason.TIMEOUT,
                        Duration.ZERO, "slow"));
        IllegalArgumentException back = assertInstanceOf(IllegalArgumentException.class, out[0]);
        assertEquals("inner", back.getCause().getMessage());
        assertEquals(1, back.getSuppressed().length);
        assertInstanceOf(IdempotencyConflictException.class, out[1]);
        assertInstanceOf(ServiceUnavailableException.class, out[2]);
        assertTrue(ContractFilter.allowedThrowable(e));
        assertFalse(ContractFilter.allowedThrowable(new RuntimeException(new java.io.IOException("x"))));
    }

    @Test
    void classesOutsideTheAllowedSetAreRefusedBeforeTheyAreBuilt() throws Exception {
        for (Object gadget : new Object[] {new URL("http://example.invalid/"), new PriorityQueue<>(List.of(1)),
            new NotApi("x"), new java.util.concurrent.ConcurrentHashMap<>(Map.of("a", 1)),
            List.of(new NotApi("nested")), new Object[] {new NotApi("in an array")},
            new java.io.IOException("an exception of no allowed type")}) {
            assertThrows(InvalidClassException.class, () -> roundTrip("ok", gadget), gadget.getClass().getName());
        }
    }

    @Test
    void aTreeMapWithAComparatorOfItsOwnIsRefused() {
        TreeMap<String, String> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        sorted.put("a", "b");
        assertThrows(InvalidClassException.class, () -> roundTrip(sorted));
    }

    @Test
    void graphsTooDeepOrArraysTooLongAreRefused() {
        List<Object> deep = new ArrayList<>();
        List<Object> inner = deep;
        for (int i = 0; i < ContractFilter.MAX_DEPTH + 5; i++) {
            List<Object> next = new ArrayList<>();
            inner.add(next);
            inner = next;
        }
        assertThrows(InvalidClassException.class, () -> roundTrip(deep));
        assertThrows(InvalidClassException.class, () -> roundTrip((Object) new byte[(int) ContractFilter.MAX_ARRAY
                + 1]));
    }

    @Test
    void theCallerTravelsWithTheRequest() throws Exception {
        Wire.Identity who = new Wire.Identity("alice", "keel", List.of("customer"), Map.of("email", "a@x"));
        Wire.Request r = Wire.readRequest(Wire.request("charge(java.lang.String)", who, new Object[] {"o"}), LOADER);
        assertEquals("charge(java.lang.String)", r.method());
        assertEquals(who, r.identity());
        assertNull(Wire.readRequest(Wire.request("m()", null, null), LOADER).identity());
    }
}
