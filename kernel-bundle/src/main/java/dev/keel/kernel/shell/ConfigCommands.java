package dev.keel.kernel.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.AttributeDefinition;

import dev.keel.kernel.config.ConfigChanges;
import dev.keel.kernel.config.ConfigEditor;
import dev.keel.kernel.config.ConfigValidator;
import dev.keel.kernel.config.Definition;
import dev.keel.kernel.config.Rejection;

/** The {@code keel:config} commands: list configurations, show one with its definition, set a value. */
@Component(service = ConfigCommands.class)
@GogoCommand(scope = "keel", function = {"config"})
public final class ConfigCommands {

    private final ConfigurationAdmin configAdmin;
    private final ConfigValidator validator;
    private final ConfigEditor editor;
    private final ConfigChanges changes;

    @Activate
    public ConfigCommands(@Reference ConfigurationAdmin configAdmin, @Reference ConfigValidator validator,
            @Reference ConfigEditor editor, @Reference ConfigChanges changes) {
        this.configAdmin = configAdmin;
        this.validator = validator;
        this.editor = editor;
        this.changes = changes;
    }

    @Descriptor("list the configuration PIDs: file, the bundle that defines them, rejected values")
    public String config() throws IOException, InvalidSyntaxException {
        Map<String, String[]> rows = new TreeMap<>();
        validator.definitions().forEach((pid, d) -> rows.put(pid, new String[] {"-", d.bundle().getSymbolicName()}));
        Configuration[] all = configAdmin.listConfigurations(null);
        for (Configuration c : all == null ? new Configuration[0] : all) {
            String defined = Optional.ofNullable(c.getFactoryPid()).or(() -> Optional.of(c.getPid()))
                    .flatMap(p -> validator.definition(p, c.getFactoryPid() != null))
                    .map(d -> d.bundle().getSymbolicName()).orElse("-");
            rows.put(c.getPid(), new String[] {ConfigEditor.file(c.getProperties()).map(ConfigCommands::display)
                    .orElse("-"), defined});
        }
        Table table = new Table("PID", "FILE", "DEFINED BY", "REJECTED");
        rows.forEach((pid, r) -> table.row(pid, r[0], r[1], validator.rejections(pid).size()));
        return table.toString();
    }

    @Descriptor("show one configuration: each key with its value (passwords as ********), default and description, "
            + "and rejected values")
    public String config(@Descriptor("the PID (keel:config lists them), or the name of its file without .cfg")
            String pid) throws IOException, InvalidSyntaxException {
        Optional<Configuration> config = find(pid);
        String realPid = config.map(Configuration::getPid).orElse(pid);
        String factoryPid = config.map(Configuration::getFactoryPid).orElse(null);
        Optional<Definition> definition = validator.definition(factoryPid != null ? factoryPid : realPid,
                factoryPid != null);
        if (config.isEmpty() && definition.isEmpty()) {
            throw new IllegalArgumentException("no configuration and no definition for " + pid
                    + " (keel:config lists them)");
        }
        Dictionary<String, Object> props = config.map(Configuration::getProperties).orElse(null);
        return format(realPid, props, definition, validator.rejections(realPid));
    }

    @Descriptor("set one value: checked against the definition, applied live and written to etc/<pid>.cfg")
    public String config(@Descriptor("the PID, e.g. keel.plugins") String pid,
            @Descriptor("the key, e.g. start.timeout.ms") String key,
            @Descriptor("the new value") String value) throws IOException {
        Path file = changes.set(ShellActor.current(), pid, java.util.Map.of(key, value));
        Optional<Definition> definition = validator.definition(pid, false);
        String note = definition.isPresent() ? "" : " (no definition: not checked)";
        String shown = Definition.shown(definition, key, value);
        return pid + ": " + key + "=" + shown + " applied and written to " + display(file) + note;
    }

    static String format(String pid, Dictionary<String, Object> props, Optional<Definition> definition,
            List<Rejection> rejections) {
        StringBuilder out = new StringBuilder(pid);
        definition.ifPresent(d -> out.append(" - ").append(d.ocd().getName()).append(" (")
                .append(d.bundle().getSymbolicName()).append(')'));
        out.append('\n');
        out.append("file: ").append(ConfigEditor.file(props).map(ConfigCommands::display).orElse("-")).append('\n');
        TreeSet<String> keys = new TreeSet<>();
        if (props != null) {
            for (String k : Collections.list(props.keys())) {
                if (!k.equals(ConfigValidator.FILENAME) && !k.startsWith("service.")) {
                    keys.add(k);
                }
            }
        }
        definition.ifPresent(d -> {
            for (AttributeDefinition ad : d.attributes()) {
                keys.add(ad.getID());
            }
        });
        Table table = new Table("KEY", "VALUE", "TYPE", "DEFAULT", "DESCRIPTION");
        for (String key : keys) {
            Object value = props == null ? null : props.get(key);
            AttributeDefinition ad = definition.map(d -> d.attribute(key)).orElse(null);
            String text = value == null ? "-" : Definition.shown(definition, key, Rejection.text(value));
            table.row(key, value == null ? "-" : text + (rejected(rejections, key) ? " (rejected)" : ""),
                    ad == null ? "-" : Definition.type(ad), ad == null || ad.getDefaultValue() == null ? "-"
                            : String.join(",", ad.getDefaultValue()),
                    ad == null ? (definition.isPresent() ? "unknown key" : "") : Optional.ofNullable(ad.getDescription())
                            .orElse(""));
        }
        out.append(table);
        for (Rejection r : rejections) {
            out.append("rejected: ").append(r.key()).append('=').append(r.valueText()).append(" (").append(r.reason())
                    .append("; ").append(r.outcome()).append(")\n");
        }
        return out.toString();
    }

    private static boolean rejected(List<Rejection> rejections, String key) {
        return rejections.stream().anyMatch(r -> r.key().equals(key));
    }

    private Optional<Configuration> find(String pid) throws IOException, InvalidSyntaxException {
        Optional<Configuration> exact = editor.configuration(pid);
        if (exact.isPresent()) {
            return exact;
        }
        Configuration[] all = configAdmin.listConfigurations("(" + ConfigValidator.FILENAME + "=*)");
        List<Configuration> byFile = new ArrayList<>();
        for (Configuration c : all == null ? new Configuration[0] : all) {
            if (ConfigEditor.file(c.getProperties()).map(f -> f.getFileName().toString().equals(pid + ".cfg"))
                    .orElse(false)) {
                byFile.add(c);
            }
        }
        return byFile.stream().findFirst();
    }

    /** A path relative to the working directory when it is inside it. */
    static String display(Path file) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = file.toAbsolutePath();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }
}
