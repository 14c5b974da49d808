package dev.keel.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import java.lang.reflect.Proxy;

import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

class ConfigChangesTest {

    @Test
    void aPasswordLikeKeyIsMaskedInTheAuditLineWhenThereIsNoDefinition() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("url", "jdbc:postgresql://db/keel");
        values.put("password", "s3cret");
        values.put("keystore.password", "s3cret");

        Map<String, String> shown = ConfigChanges.masked(Optional.empty(), values);

        assertEquals("jdbc:postgresql://db/keel", shown.get("url"));
        assertEquals(ConfigChanges.MASK, shown.get("password"));
        assertEquals(ConfigChanges.MASK, shown.get("keystore.password"));
    }

    private static AttributeDefinition attribute(String id, int type) {
        return (AttributeDefinition) Proxy.newProxyInstance(ConfigChangesTest.class.getClassLoader(),
                new Class<?>[] {AttributeDefinition.class}, (p, m, a) -> switch (m.getName()) {
                    case "getID", "getName" -> id;
                    case "getType" -> type;
                    case "getCardinality" -> 0;
                    default -> null;
                });
    }

    @Test
    void aPasswordTypeValueIsMaskedInTheAuditLine() {
        AttributeDefinition[] all = {attribute("scrape.token", AttributeDefinition.PASSWORD),
                attribute("port", AttributeDefinition.INTEGER)};
        ObjectClassDefinition ocd = (ObjectClassDefinition) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ObjectClassDefinition.class}, (p, m, a) -> switch (m.getName()) {
                    case "getAttributeDefinitions" -> all;
                    case "getID", "getName" -> "keel.metrics";
                    default -> null;
                });

        Map<String, String> shown = ConfigChanges.masked(Optional.of(new Definition(null, ocd)),
                Map.of("scrape.token", "0123456789abcdef0123456789abcdef", "port", "8080"));

        assertEquals(Map.of("scrape.token", ConfigChanges.MASK, "port", "8080"), shown);
    }
}
