package dev.keel.kernel.docs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.felix.metatype.AD;
import org.apache.felix.metatype.Designate;
import org.apache.felix.metatype.MetaData;
import org.apache.felix.metatype.MetaDataReader;
import org.apache.felix.metatype.OCD;

/**
 * Renders {@code docs/configuration.md} from the Metatype documents bnd
 * generates from the kernel's {@code @ObjectClassDefinition}s (read with Felix
 * Metatype's own reader, as the running kernel does): every PID, key, type,
 * default, allowed values and meaning.
 */
final class ConfigurationReference {

    /** One designated PID with its definition and the class that declares it. */
    private record Pid(String pid, boolean factory, String declaredBy, OCD ocd) {
    }

    private ConfigurationReference() {
    }

    static String render(Path metatypeDir) throws IOException {
        Map<String, Pid> pids = new TreeMap<>();
        try (Stream<Path> files = Files.list(metatypeDir)) {
            for (Path xml : files.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                MetaData data;
                try (InputStream in = Files.newInputStream(xml)) {
                    data = new MetaDataReader().parse(in);
                }
                for (Object d : data.getDesignates()) {
                    Designate designate = (Designate) d;
                    String ocdRef = designate.getObject().getOcdRef();
                    OCD ocd = (OCD) data.getObjectClassDefinitions().get(ocdRef);
                    boolean factory = designate.getFactoryPid() != null && !designate.getFactoryPid().isEmpty();
                    String pid = factory ? designate.getFactoryPid() : designate.getPid();
                    pids.put(pid, new Pid(pid, factory, ocdRef.replace('$', '.'), ocd));
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("# Configuration reference\n\n");
        out.append(Generated.NOTE);
        out.append("""
                Each PID is a file `etc/<pid>.cfg` (Java properties), watched by FileInstall: an edited file \
                reaches the running component within a second; `keel:config <pid> <key> <value>` sets one value \
                live and writes the file. Every value is checked against the PID's definition below before the \
                component sees it: a bad value (wrong type, out of range, not one of the options, unknown key) \
                is logged once as `etc/<pid>.cfg: key=value rejected: <why>; allowed: <what>; keeping <last good \
                value>`, shown by `keel:config <pid>`, and the component keeps its last good value (or the \
                default). A key `<prefix>.root` also stands for a family of keys `<prefix>.<name>` (one per \
                plugin or contract) checked the same way. How validation works: \
                [configuration-and-logging.md](configuration-and-logging.md).

                Plugins define their own PIDs the same way (e.g. `keel.payment`, see \
                [business-api.md](business-api.md)); `org.apache.felix.eventadmin.impl.EventAdmin` \
                (`org.apache.felix.eventadmin.Timeout`, ms per handler and event, 0: none) belongs to Felix \
                EventAdmin. The environment of `bin/keel` (`KEEL_HTTP_PORT`, ...) is in \
                [operations.md](operations.md).

                """);
        out.append("| PID | what it configures |\n|---|---|\n");
        for (Pid p : pids.values()) {
            out.append("| [`").append(p.pid()).append("`](#").append(anchor(p.pid())).append(") | ")
                    .append(cell(p.ocd().getName())).append(" |\n");
        }
        for (Pid p : pids.values()) {
            out.append("\n## ").append(p.pid()).append("\n\n");
            out.append("**").append(p.ocd().getName()).append("**");
            if (p.ocd().getDescription() != null && !p.ocd().getDescription().isBlank()) {
                out.append(": ").append(Generated.escape(text(p.ocd().getDescription())));
            }
            out.append("\n\nFile `etc/").append(p.pid()).append(p.factory() ? "-<name>" : "").append(".cfg`; ")
                    .append("defined by `").append(p.declaredBy()).append("`.\n\n");
            out.append("| key | type | default | allowed | meaning |\n|---|---|---|---|---|\n");
            @SuppressWarnings("unchecked")
            Map<String, AD> ads = p.ocd().getAttributeDefinitions();
            for (AD ad : ads.values()) {
                out.append("| ").append(key(ad.getID())).append(" | ").append(type(ad)).append(" | ")
                        .append(defaults(ad)).append(" | ").append(allowed(ad)).append(" | ")
                        .append(cell(meaning(ad))).append(" |\n");
            }
        }
        return out.toString();
    }

    private static String key(String id) {
        if (id.endsWith(".root")) {
            return "`" + id + "`, `" + id.substring(0, id.length() - "root".length()) + "<name>`";
        }
        return "`" + id + "`";
    }

    private static String type(AD ad) {
        String type = switch (ad.getType()) {
            case 1 -> "String";
            case 2 -> "Long";
            case 3 -> "Integer";
            case 4 -> "Short";
            case 5 -> "Character";
            case 6 -> "Byte";
            case 7 -> "Double";
            case 8 -> "Float";
            case 11 -> "Boolean";
            case 12 -> "Password";
            default -> "type " + ad.getType();
        };
        int cardinality = ad.getCardinality();
        return cardinality == 0 ? type : type + " list";
    }

    private static String defaults(AD ad) {
        String[] values = ad.getDefaultValue();
        if (values == null || values.length == 0 || Arrays.stream(values).allMatch(String::isEmpty)) {
            return "empty";
        }
        return "`" + cell(String.join(", ", values)) + "`";
    }

    private static String allowed(AD ad) {
        List<String> parts = new ArrayList<>();
        String[] options = ad.getOptionValues();
        if (options != null && options.length > 0) {
            parts.add(String.join(", ", options));
        }
        String min = ad.getMin();
        String max = ad.getMax();
        if (min != null && max != null) {
            parts.add(min + " to " + max);
        } else if (min != null) {
            parts.add(ad.getType() == 1 ? "at least " + min + " characters" : "at least " + min);
        } else if (max != null) {
            parts.add(ad.getType() == 1 ? "at most " + max + " characters" : "at most " + max);
        }
        return parts.isEmpty() ? "" : cell(String.join("; ", parts));
    }

    /** The description; the attribute's name only when there is none. */
    private static String meaning(AD ad) {
        String description = ad.getDescription() == null ? "" : text(ad.getDescription());
        return description.isEmpty() ? (ad.getName() == null ? "" : ad.getName()) : description;
    }

    /** GitHub's heading anchor: lower case, dots and other punctuation dropped. */
    static String anchor(String heading) {
        return heading.toLowerCase().replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }

    private static String text(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    /** A table cell: one line, no column breaks, no text taken for HTML or emphasis. */
    private static String cell(String s) {
        return Generated.escape(text(s));
    }
}
