package dev.keel.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.ObjectClassDefinition;

/** Password-type values (Metatype PASSWORD) are never shown: not by keel:config, not in a rejection's log line. */
class SecretValuesTest {

    private static ObjectClassDefinition storage() throws Exception {
        return FelixDefinitions.forPid("dev.keel.kernel.storage.StoragePool$Config.xml", "keel.storage");
    }

    @Test
    void aPasswordAttributeIsSecretAndShownMasked() throws Exception {
        Definition d = new Definition(null, storage());
        assertTrue(d.secret("password"));
        assertFalse(d.secret("user"));
        assertEquals("********", d.shown("password", "s3cret"));
        assertEquals("", d.shown("password", ""), "an empty password shows that none is set");
        assertEquals("sa", d.shown("user", "sa"));
    }

    @Test
    void aRejectedPasswordIsNotInTheRejection() throws Exception {
        Map<String, Object> lastGood = new HashMap<>();
        Hashtable<String, Object> props = new Hashtable<>(Map.of("password", "good-secret"));
        assertTrue(ConfigCheck.apply(storage(), props, lastGood).isEmpty());
        // a list where one value is expected: rejected, the last good one kept
        props = new Hashtable<>(Map.of("password", new String[] {"bad-secret", "other"}));
        List<Rejection> found = ConfigCheck.apply(storage(), props, lastGood);
        assertEquals(1, found.size());
        String line = found.get(0).toString();
        assertFalse(line.contains("secret"), line);
        assertTrue(line.startsWith("password=******** rejected: "), line);
        assertTrue(line.endsWith("keeping the last good value"), line);
        assertEquals("good-secret", props.get("password"));
    }

    @Test
    void keysNamedLikeSecretsAreSecretWhateverTheirType() {
        for (String secret : new String[] {"password", "org.apache.felix.https.keystore.password",
                "org.apache.felix.https.keystore.key.password", "db.passwd", "pasword", "client_secret", "scrape.token",
                "oidc.client-secret", "credentials", "key.passphrase"}) {
            assertTrue(Definition.secretName(secret), secret);
        }
        for (String plain : new String[] {"token.lifetime.s", "password.file", "user", "start.timeout.ms",
                "secret.dir.mode"}) {
            assertFalse(Definition.secretName(plain), plain);
        }
        assertEquals("********", Definition.shown(java.util.Optional.empty(), "org.apache.felix.https.keystore.password",
                "pw"));
    }

    @Test
    void anUnknownKeyNamedLikeASecretIsNotShownEither() throws Exception {
        Hashtable<String, Object> props = new Hashtable<>(Map.of("pasword", "s3cret"));
        List<Rejection> found = ConfigCheck.apply(storage(), props, new HashMap<>());
        assertTrue(found.get(0).toString().startsWith("pasword=******** rejected: unknown key"), found.toString());
    }
}
