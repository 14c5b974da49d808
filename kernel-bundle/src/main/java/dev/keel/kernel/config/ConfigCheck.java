package dev.keel.kernel.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;

import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Checks a whole configuration against the Metatype definition of its PID:
 * a bad value is replaced by the last good value of its key (or removed, so
 * the component's default applies), an unknown key is removed. Good values
 * pass through unchanged.
 */
final class ConfigCheck {

    private ConfigCheck() {
    }

    /** Keys never checked: FileInstall's file name, and the framework's and SCR's own properties. */
    static boolean ignored(String key) {
        return key.equals("felix.fileinstall.filename") || key.startsWith("service.") || key.startsWith("component.");
    }

    /**
     * The definition of a key: its own attribute, or, for a key
     * {@code <prefix>.<name>} with no attribute of its own, the attribute
     * {@code <prefix>.root} (a family of keys such as {@code level.root},
     * {@code level.payment}).
     */
    static AttributeDefinition definition(ObjectClassDefinition ocd, String key) {
        AttributeDefinition[] all = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        if (all == null) {
            return null;
        }
        for (AttributeDefinition ad : all) {
            if (ad.getID().equals(key)) {
                return ad;
            }
        }
        for (AttributeDefinition ad : all) {
            String id = ad.getID();
            if (id.endsWith(".root")) {
                String prefix = id.substring(0, id.length() - "root".length());
                if (key.startsWith(prefix) && key.length() > prefix.length()) {
                    return ad;
                }
            }
        }
        return null;
    }

    /**
     * Checks and repairs {@code props} in place.
     *
     * @param lastGood the last good value of each key of this PID; updated
     * @return the rejections, in key order
     */
    static List<Rejection> apply(ObjectClassDefinition ocd, Dictionary<String, Object> props,
            Map<String, Object> lastGood) {
        List<String> keys = new ArrayList<>(Collections.list(props.keys()));
        Collections.sort(keys);
        lastGood.keySet().retainAll(keys);
        List<Rejection> rejections = new ArrayList<>();
        for (String key : keys) {
            if (ignored(key)) {
                continue;
            }
            Object value = props.get(key);
            AttributeDefinition ad = definition(ocd, key);
            if (ad == null) {
                props.remove(key);
                rejections.add(new Rejection(key, Definition.secretName(key) ? Definition.MASK : value,
                        "unknown key; known keys: " + known(ocd), "ignored"));
                continue;
            }
            String problem = ValueCheck.problem(ad, value);
            if (problem == null) {
                lastGood.put(key, value);
                continue;
            }
            Object kept = lastGood.get(key);
            // a secret is never logged or shown, not even a rejected one
            boolean secret = ad.getType() == AttributeDefinition.PASSWORD || Definition.secretName(key);
            Object shown = secret ? Definition.MASK : value;
            if (kept != null) {
                props.put(key, kept);
                rejections.add(new Rejection(key, shown, problem, "keeping " + (secret ? "the last good value"
                        : Rejection.text(kept))));
            } else {
                props.remove(key);
                String[] defaults = ad.getDefaultValue();
                rejections.add(new Rejection(key, shown, problem, defaults == null || defaults.length == 0
                        ? "using the component's default" : "using the default " + String.join(",", defaults)));
            }
        }
        return rejections;
    }

    static String known(ObjectClassDefinition ocd) {
        AttributeDefinition[] all = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        List<String> ids = new ArrayList<>();
        for (AttributeDefinition ad : all == null ? new AttributeDefinition[0] : all) {
            ids.add(ad.getID().endsWith(".root") ? ad.getID() + ", " + ad.getID().replace(".root", ".<name>")
                    : ad.getID());
        }
        return String.join(", ", ids);
    }
}
