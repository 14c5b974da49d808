package dev.keel.kernel.config;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * The text of a {@code .cfg} file (Java properties, as FileInstall reads it),
 * changed the way an operator would change it: a changed value replaced where
 * it stands, a removed key's lines dropped, new keys appended; comments, blank
 * lines, the order and the lines of unchanged values kept as they are.
 */
public final class CfgText {

    private CfgText() {
    }

    /** The values of a file's text, as {@link Properties} reads them (the last of a repeated key wins). */
    public static Map<String, String> values(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException malformed) {
            // a malformed \\u escape: the file is being written, or broken; nothing to compare with
            return Map.of();
        }
        Map<String, String> values = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
        return values;
    }

    /**
     * The text with exactly the values {@code wanted}.
     *
     * @param same whether a value as written in the file (raw, e.g. with a
     *        {@code ${...}} FileInstall substitutes) stands for the wanted value;
     *        its lines are then kept
     */
    public static String merge(String text, Map<String, String> wanted, BiPredicate<String, String> same) {
        StringBuilder out = new StringBuilder();
        Set<String> written = new HashSet<>();
        for (Entry e : entries(text)) {
            if (e.key() == null) {
                out.append(e.text());
                continue;
            }
            String value = wanted.get(e.key());
            if (value == null || !written.add(e.key())) {
                continue; // removed, or a repeated key whose value is already written
            }
            if (same.test(e.value(), value)) {
                out.append(e.text());
            } else {
                out.append(line(e.key(), value));
            }
        }
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
        new TreeMap<>(wanted).forEach((k, v) -> {
            if (!written.contains(k)) {
                out.append(line(k, v));
            }
        });
        return out.toString();
    }

    /** One {@code key=value} line, escaped so that {@link #values} (and FileInstall) read back exactly these strings. */
    public static String line(String key, String value) {
        return escape(key, true) + "=" + escape(value, false) + "\n";
    }

    /** A logical line of a file: a comment or blank (no key), or an entry with its continuation lines. */
    record Entry(String text, String key, String value) {
    }

    static List<Entry> entries(String text) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("(?<=\n)");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
                entries.add(new Entry(line, null, null));
                continue;
            }
            StringBuilder logical = new StringBuilder(line);
            while (continues(lines[i]) && i + 1 < lines.length) {
                logical.append(lines[++i]);
            }
            Map<String, String> one = values(logical.toString());
            if (one.size() != 1) {
                entries.add(new Entry(logical.toString(), null, null));
                continue;
            }
            Map.Entry<String, String> kv = one.entrySet().iterator().next();
            entries.add(new Entry(logical.toString(), kv.getKey(), kv.getValue()));
        }
        return entries;
    }

    /** Whether a physical line ends with an odd number of backslashes (the entry goes on). */
    private static boolean continues(String line) {
        String s = line.stripTrailing();
        int n = 0;
        for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    private static String escape(String s, boolean key) {
        Map<Character, String> special = new LinkedHashMap<>();
        special.put('\\', "\\\\");
        special.put('\t', "\\t");
        special.put('\n', "\\n");
        special.put('\r', "\\r");
        special.put('\f', "\\f");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (special.containsKey(c)) {
                out.append(special.get(c));
            } else if (c == ' ' && (key || i == 0)) {
                out.append("\\ ");
            } else if (key && (c == '=' || c == ':')) {
                out.append('\\').append(c);
            } else if ((c == '#' || c == '!') && i == 0) {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
