package dev.keel.kernel.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.keel.api.security.Roles;

class BundleTokenIssuerTest {

    @TempDir
    Path dir;

    @Test
    void aPluginMayGrantOnlyTheCustomerRole() {
        TestClock clock = new TestClock(Instant.now());
        SecuritySettings settings = new SecuritySettings("keel", "keel", Duration.ofMinutes(10), Duration.ZERO, "", "",
                "", "roles", Duration.ofMinutes(5));
        SigningKeys keys = new SigningKeys(dir, settings.keyRetention(), clock);
        BundleTokenIssuer issuer = new BundleTokenIssuer(new KernelTokens(settings, keys, clock),
                BearerAuthenticatorTest.quietLogger(), "dev.keel.user [7]");
        BearerAuthenticator authenticator = new BearerAuthenticator(settings, keys,
                BearerAuthenticatorTest.quietLogger(), clock);

        String token = issuer.issue("u-42", Set.of(Roles.CUSTOMER)).value();
        assertEquals(Set.of(Roles.CUSTOMER), authenticator.authenticate("Bearer " + token).roles());
        for (String role : Set.of(Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER, Roles.TESTER, Roles.METRICS)) {
            assertThrows(IllegalArgumentException.class, () -> issuer.issue("u-42", Set.of(Roles.CUSTOMER, role)));
        }
        assertThrows(IllegalArgumentException.class, () -> issuer.issue("", Set.of(Roles.CUSTOMER)));
    }
}
