package dev.keel.kernel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

    private static final AddressRanges PROXIES = AddressRanges.of("127.0.0.1", "10.0.0.0/8", "fd00::/8");

    private static ForwardedHeaders.Client xff(String peer, String forFor, String proto) {
        return ForwardedHeaders.client(peer, PROXIES, List.of(), forFor == null ? List.of() : List.of(forFor),
                proto == null ? List.of() : List.of(proto));
    }

    private static ForwardedHeaders.Client forwarded(String peer, String... values) {
        return ForwardedHeaders.client(peer, PROXIES, List.of(values), List.of(), List.of());
    }

    @Test
    void headersFromAPeerThatIsNoTrustedProxyAreIgnored() {
        ForwardedHeaders.Client c = xff("203.0.113.7", "198.51.100.1", "https");
        assertEquals("203.0.113.7", c.address());
        assertNull(c.secure());
        assertEquals("203.0.113.7", forwarded("203.0.113.7", "for=198.51.100.1;proto=https").address());
        ForwardedHeaders.Client none = ForwardedHeaders.client("127.0.0.1", AddressRanges.of(), List.of(),
                List.of("198.51.100.1"), List.of("https"));
        assertEquals("127.0.0.1", none.address(), "no proxy configured: nobody is trusted");
    }

    @Test
    void aTrustedProxyGivesTheClientsAddressAndScheme() {
        ForwardedHeaders.Client c = xff("127.0.0.1", "198.51.100.1", "https");
        assertEquals("198.51.100.1", c.address());
        assertEquals(Boolean.TRUE, c.secure());
        assertEquals(Boolean.FALSE, xff("10.1.2.3", "198.51.100.1", "http").secure());
    }

    @Test
    void theWalkStopsAtTheFirstUntrustedHopSoAForgedLeftPartIsNeverBelieved() {
        // the client wrote "1.2.3.4" itself; the trusted proxy appended the address it saw
        assertEquals("198.51.100.1", xff("127.0.0.1", "1.2.3.4, 198.51.100.1", null).address());
        // two trusted proxies in a row
        assertEquals("198.51.100.1", xff("127.0.0.1", "1.2.3.4, 198.51.100.1, 10.0.0.5", null).address());
        assertEquals("198.51.100.1", forwarded("127.0.0.1", "for=1.2.3.4, for=198.51.100.1", "for=10.0.0.5")
                .address());
    }

    @Test
    void forwardedNodesWithPortsIpv6AndQuotesAreRead() {
        assertEquals("2001:db8:cafe::17", forwarded("127.0.0.1", "for=\"[2001:db8:cafe::17]:4711\";proto=https")
                .address());
        assertEquals("192.0.2.60", forwarded("fd00::1", "For=\"192.0.2.60:4711\";Proto=HTTPS;by=203.0.113.43")
                .address());
        assertEquals(Boolean.TRUE, forwarded("fd00::1", "for=192.0.2.60;proto=https").secure());
    }

    @Test
    void anUnknownOrMalformedNodeLeavesTheProxyAsTheClient() {
        assertEquals("127.0.0.1", forwarded("127.0.0.1", "for=unknown").address());
        assertEquals("127.0.0.1", forwarded("127.0.0.1", "for=_hidden").address());
        assertEquals("127.0.0.1", xff("127.0.0.1", "evil.example.com", null).address(), "never a DNS name");
        assertEquals("127.0.0.1", xff("127.0.0.1", "1.2.3.999", null).address());
        assertEquals("127.0.0.1", xff("127.0.0.1", "1.2.3.4\nX: y", null).address());
    }

    @Test
    void onlyHttpAndHttpsAreSchemes() {
        assertNull(xff("127.0.0.1", "198.51.100.1", "gopher").secure());
    }

    @Test
    void rangesMatchByPrefix() {
        AddressRanges r = AddressRanges.of("10.0.0.0/8", "192.168.1.128/25", "::1", "fd00::/8");
        assertTrue(r.contains("10.255.0.1"));
        assertFalse(r.contains("11.0.0.1"));
        assertTrue(r.contains("192.168.1.200"));
        assertFalse(r.contains("192.168.1.100"));
        assertTrue(r.contains("0:0:0:0:0:0:0:1"));
        assertTrue(r.contains("[::1]"));
        assertTrue(r.contains("fdab::9"));
        assertFalse(r.contains("fe80::1"));
        assertFalse(r.contains("not-an-address"));
        assertThrows(IllegalArgumentException.class, () -> AddressRanges.of("proxy.example.com"));
        assertThrows(IllegalArgumentException.class, () -> AddressRanges.of("10.0.0.0/33"));
    }
}
