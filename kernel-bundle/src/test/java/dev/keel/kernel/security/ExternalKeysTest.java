package dev.keel.kernel.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The external issuer's keys come over https://, or plain http:// only from this machine. */
class ExternalKeysTest {

    @Test
    void httpsAnywhereAndHttpOnlyOnLoopback() {
        assertEquals("https://sso.example.com/certs", ExternalKeys.checked("https://sso.example.com/certs").toString());
        ExternalKeys.checked("http://127.0.0.1:8080/jwks");
        ExternalKeys.checked("http://localhost:8080/jwks");
        ExternalKeys.checked("http://[::1]:8080/jwks");
        for (String refused : new String[] {"http://sso.example.com/certs", "http://10.0.0.1/jwks", "file:///etc/passwd",
                "ftp://127.0.0.1/jwks", "not a url", "http://127.0.0.1.evil.example/jwks"}) {
            assertThrows(IllegalArgumentException.class, () -> ExternalKeys.checked(refused), refused);
        }
    }
}
