package dev.keel.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SameOriginCheckTest {

    private static final String HOST = "127.0.0.1:8080";

    @Test
    void readsAreNeverRefused() {
        assertNull(SameOriginCheck.refusal("GET", HOST, "https://evil.example", null, "cross-site"));
        assertNull(SameOriginCheck.refusal("HEAD", HOST, "https://evil.example", null, null));
    }

    @Test
    void changesFromThisServersOwnPagesGoOn() {
        assertNull(SameOriginCheck.refusal("POST", HOST, "http://127.0.0.1:8080", null, "same-origin"));
        assertNull(SameOriginCheck.refusal("POST", HOST, null, "http://127.0.0.1:8080/system/console/bundles", null));
        assertNull(SameOriginCheck.refusal("POST", "keel.example.com", "https://keel.example.com", null, null),
                "behind a proxy that ends TLS: the default ports are the same authority");
        assertNull(SameOriginCheck.refusal("POST", "Localhost:8080", "http://localhost:8080", null, null));
        assertNull(SameOriginCheck.refusal("POST", HOST, null, null, null), "not a browser: curl, scripts");
        assertNull(SameOriginCheck.refusal("POST", HOST, null, null, "none"), "typed into the address bar");
    }

    @Test
    void changesFromAnyOtherOriginAreRefused() {
        String r = SameOriginCheck.refusal("POST", HOST, "https://evil.example", null, null);
        assertNotNull(r);
        assertTrue(r.contains("Origin https://evil.example"), r);
        assertNotNull(SameOriginCheck.refusal("POST", HOST, "http://127.0.0.1:9090", null, null), "another port");
        assertNotNull(SameOriginCheck.refusal("POST", HOST, "null", null, null), "an opaque origin");
        assertNotNull(SameOriginCheck.refusal("POST", HOST, null, "http://evil.example/page", null));
        assertNotNull(SameOriginCheck.refusal("DELETE", HOST, "http://user@127.0.0.1:8080", null, null));
        assertNotNull(SameOriginCheck.refusal("POST", null, "http://127.0.0.1:8080", null, null), "no Host");
        assertEquals("cross-origin request refused (Sec-Fetch-Site: cross-site)",
                SameOriginCheck.refusal("POST", HOST, null, null, "cross-site"));
        assertNotNull(SameOriginCheck.refusal("POST", HOST, null, null, "same-site"), "another port of this host");
    }
}
