package dev.keel.kernel.config;

import java.util.Optional;
import java.util.regex.Pattern;

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

    /**
     * Key names that hold secrets whatever their definition says: not every
     * bundle marks its passwords {@link AttributeDefinition#PASSWORD}, and a
     * PID may have no definition at all.
     */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i)(?:.*[.-])?(?:\\w*pas+w\\w*|\\w*secret\\w*|\\w*token|credentials?|passphrase)");

    /** Whether a key holds a secret: an attribute of type {@link AttributeDefinition#PASSWORD}, or a secret's name. */
    public boolean secret(String key) {
        AttributeDefinition ad = attribute(key);
        return ad != null && ad.getType() == AttributeDefinition.PASSWORD || secretName(key);
    }

    /**
     * Whether a key's name says it holds a secret: its last part (after the last {@code .} or {@code -}) is
     * a password (also misspelt), a secret, a token, a credential or a passphrase.
     */
    public static boolean secretName(String key) {
        return key != null && SECRET_NAME.matcher(key).matches();
    }

    /** A value as it may be shown: {@link #MASK} for a secret key (an empty value stays empty). */
    public String shown(String key, String value) {
        return shown(secret(key), value);
    }

    /** Like {@link #shown(String, String)} for a PID with or without a definition. */
    public static String shown(Optional<Definition> definition, String key, String value) {
        return shown(definition.map(d -> d.secret(key)).orElse(secretName(key)), value);
    }

    private static String shown(boolean secret, String value) {
        return secret && value != null && !value.isEmpty() ? MASK : value;
    }

    /** The type of an attribute in words, e.g. {@code Long}, {@code String (DEBUG|INFO)}, {@code String[]}. */
    public static String type(AttributeDefinition ad) {
        String name = ValueCheck.typeName(ad.getType()) + (ad.getCardinality() != 0 ? "[]" : "");
        String[] options = ad.getOptionValues();
        return options == null || options.length == 0 ? name : name + " (" + String.join("|", options) + ")";
    }
}
