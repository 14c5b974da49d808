package dev.keel.kernel.admin;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

class SameOriginTest {

    private static String refusal(String host, String origin) {
        return SameOrigin.refusal(host, origin, "127.0.0.1", 8080, "http", Set.of("keel.example.com"));
    }

    @Test
    void thisServerByItsAddressOrLocalhostWithoutOrigin() {
        assertNull(refusal("127.0.0.1:8080", null));
        assertNull(refusal("localhost:8080", null));
        assertNull(refusal("LOCALHOST:8080", null));
        assertNull(SameOrigin.refusal("[::1]:8080", null, "0:0:0:0:0:0:0:1", 8080, "http", Set.of()));
        assertNull(SameOrigin.refusal("10.0.0.5:8080", null, "10.0.0.5", 8080, "http", Set.of()));
    }

    @Test
    void aForeignHostIsRefusedAsDnsRebindingWould() {
        String e = refusal("evil.example:8080", null);
        assertNotNull(e);
        assertTrue(e.contains("not this server"), e);
        assertNotNull(refusal("10.9.9.9:8080", null), "another address");
        assertNotNull(refusal("127.0.0.1:9999", null), "another port");
        assertNotNull(refusal("127.0.0.1", null), "port 80 is not this server's 8080");
        assertNotNull(refusal("", null));
        assertNotNull(refusal(null, null));
        assertNotNull(refusal("user@127.0.0.1:8080", null));
        assertNotNull(refusal("127.0.0.1:8080/x", null));
    }

    @Test
    void aConfiguredNameIsThisServerBehindAProxy() {
        assertNull(refusal("keel.example.com", null));
        assertNull(refusal("KEEL.example.com:443", null), "any port of a configured name");
        assertNull(SameOrigin.refusal("keel.example.com", "https://keel.example.com", "10.0.0.5", 8080, "https",
                Set.of("keel.example.com")));
        assertNull(SameOrigin.refusal("keel.example.com", "https://keel.example.com", "10.0.0.5", 8080, "http",
                Set.of("keel.example.com")), "a proxy that ends TLS forwards http");
        assertNotNull(SameOrigin.refusal("keel.example.com", "https://evil.example", "10.0.0.5", 8080, "https",
                Set.of("keel.example.com")));
    }

    @Test
    void anOriginMustBeThisServersOwn() {
        assertNull(refusal("127.0.0.1:8080", "http://127.0.0.1:8080"));
        assertNull(refusal("localhost:8080", "http://localhost:8080"));
        String e = refusal("127.0.0.1:8080", "http://evil.example");
        assertNotNull(e);
        assertTrue(e.startsWith("cross-origin request refused"), e);
        assertNotNull(refusal("127.0.0.1:8080", "http://localhost:8080"), "another name is another origin");
        assertNotNull(refusal("127.0.0.1:8080", "http://127.0.0.1:9999"));
        assertNotNull(refusal("127.0.0.1:8080", "https://127.0.0.1:8080"), "another scheme's default port");
        assertNotNull(refusal("127.0.0.1:8080", "null"), "a sandboxed page's origin");
        assertNotNull(refusal("127.0.0.1:8080", "not a url"));
    }
}
