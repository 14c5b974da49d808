package dev.keel.kernel.config;

import org.osgi.framework.Bundle;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The Metatype definition designated for a PID.
 *
 * @param bundle the bundle that designates it
 * @param ocd the definition
 */
public record Definition(Bundle bundle, ObjectClassDefinition ocd) {

    /** Every attribute of the definition. */
    public AttributeDefinition[] attributes() {
        AttributeDefinition[] all = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        return all == null ? new AttributeDefinition[0] : all;
    }

    /** The attribute that defines a key (its own, or its family's {@code <prefix>.root}), or {@code null}. */
    public AttributeDefinition attribute(String key) {
        return ConfigCheck.definition(ocd, key);
    }

    /** What {@code keel:config} and the logs print instead of a secret value. */
    public static final String MASK = "********";

    /** Whether a key holds a secret: its attribute is of type {@link AttributeDefinition#PASSWORD}. */
    public boolean secret(String key) {
        AttributeDefinition ad = attribute(key);
        return ad != null && ad.getType() == AttributeDefinition.PASSWORD;
    }

    /** A value as it may be shown: {@link #MASK} for a secret key (an empty value stays empty). */
    public String shown(String key, String value) {
        return secret(key) && value != null && !value.isEmpty() ? MASK : value;
    }

    /** The type of an attribute in words, e.g. {@code Long}, {@code String (DEBUG|INFO)}, {@code String[]}. */
    public static String type(AttributeDefinition ad) {
        String name = ValueCheck.typeName(ad.getType()) + (ad.getCardinality() != 0 ? "[]" : "");
        String[] options = ad.getOptionValues();
        return options == null || options.length == 0 ? name : name + " (" + String.join("|", options) + ")";
    }
}
