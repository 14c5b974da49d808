package dev.keel.kernel.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;

import dev.keel.kernel.util.LineText;

/**
 * How an event is kept in the cluster's event log: its properties as text (one property a line,
 * {@code name=type:value}, with the types EventAdmin events carry between plugins: strings, whole and decimal
 * numbers, booleans) and its id. The id is the event's {@link #ID} property when it has one, otherwise a digest of
 * its topic and properties: the same event delivered again by an outbox (same topic, same properties) gets the same
 * id, so the log keeps it once.
 */
final class EventCodec {

    /** Property of an event's id; set on every event relayed from another node. */
    static final String ID = "keel.event.id";
    /** Property of the node an event was relayed from (set only on relayed events). */
    static final String ORIGIN = "keel.event.origin";

    private EventCodec() {
    }

    /** The properties worth keeping (EventAdmin's own {@code event.topics} is not), in a stable order. */
    static Map<String, Object> properties(Event event) {
        Map<String, Object> props = new TreeMap<>();
        for (String name : event.getPropertyNames()) {
            if (!EventConstants.EVENT_TOPIC.equals(name)) {
                props.put(name, event.getProperty(name));
            }
        }
        return props;
    }

    /** The event's id: its {@link #ID} property, or a digest of topic and properties. */
    static String id(String topic, Map<String, Object> props) {
        Object given = props.get(ID);
        if (given instanceof String s && !s.isBlank()) {
            return s.length() <= 200 ? s : digest(s);
        }
        return digest(topic + "\n" + encode(props));
    }

    /** One line a property, sorted by name; values of other types are kept as their text. */
    static String encode(Map<String, Object> props) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Object> e : new TreeMap<>(props).entrySet()) {
            Object v = e.getValue();
            if (v == null) {
                continue;
            }
            char type = v instanceof Long ? 'l' : v instanceof Integer ? 'i' : v instanceof Double ? 'd'
                    : v instanceof Boolean ? 'b' : 's';
            out.append(LineText.escape(e.getKey())).append('=').append(type).append(':').append(LineText.escape(String.valueOf(v)))
                    .append('\n');
        }
        return out.toString();
    }

    /** The properties {@link #encode} wrote. */
    static Map<String, Object> decode(String text) {
        Map<String, Object> props = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq < 1 || line.length() < eq + 3 || line.charAt(eq + 2) != ':') {
                continue;
            }
            String value = LineText.unescape(line.substring(eq + 3));
            Object v = switch (line.charAt(eq + 1)) {
                case 'l' -> Long.valueOf(value);
                case 'i' -> Integer.valueOf(value);
                case 'd' -> Double.valueOf(value);
                case 'b' -> Boolean.valueOf(value);
                default -> value;
            };
            props.put(LineText.unescape(line.substring(0, eq)), v);
        }
        return props;
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
