package dev.keel.kernel.admin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.log.LogLevel;
import org.osgi.service.metatype.AttributeDefinition;

import dev.keel.kernel.config.ConfigEditor;
import dev.keel.kernel.config.ConfigValidator;
import dev.keel.kernel.config.Definition;
import dev.keel.kernel.config.Rejection;
import dev.keel.kernel.log.LogRecord;
import dev.keel.kernel.log.LogSink;

/**
 * The read-only answers of {@code /admin} that the web console shows beside
 * the releases: the log tail, the configuration PIDs and one PID with its
 * Metatype definition, and the check of new values key by key (the same
 * check {@code keel:config} and the configuration plugin apply).
 */
final class ConsoleViews {

    static final int MAX_LINES = 1000;

    private final LogSink log;
    private final ConfigValidator validator;
    private final ConfigEditor editor;
    private final ConfigurationAdmin configAdmin;

    ConsoleViews(LogSink log, ConfigValidator validator, ConfigEditor editor, ConfigurationAdmin configAdmin) {
        this.log = log;
        this.validator = validator;
        this.editor = editor;
        this.configAdmin = configAdmin;
    }

    /** The last {@code lines} records at {@code level} or more severe, oldest first. */
    List<Map<String, Object>> log(String level, String lines) {
        int n = lines == null ? 200 : parse(lines);
        LogLevel least = level == null || level.isBlank() ? LogLevel.TRACE : level(level);
        List<Map<String, Object>> out = new ArrayList<>();
        for (LogRecord r : log.tail(MAX_LINES)) {
            if (r.level().ordinal() <= least.ordinal()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("time", r.time().toString());
                m.put("level", r.level().name());
                m.put("source", r.source());
                m.put("logger", r.logger());
                m.put("message", r.message());
                m.put("exception", r.exception() == null ? null : r.exception().toString());
                out.add(m);
            }
        }
        return out.subList(Math.max(0, out.size() - n), out.size());
    }

    private static int parse(String lines) {
        try {
            int n = Integer.parseInt(lines.strip());
            if (n >= 1 && n <= MAX_LINES) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("lines must be a number from 1 to " + MAX_LINES);
    }

    private static LogLevel level(String level) {
        try {
            return LogLevel.valueOf(level.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("level must be one of TRACE, DEBUG, INFO, WARN, ERROR, AUDIT");
        }
    }

    /** Every PID with a definition or a configuration: its name and how many values were rejected. */
    List<Map<String, Object>> pids() throws IOException, InvalidSyntaxException {
        Map<String, String> names = new TreeMap<>();
        validator.definitions().forEach((pid, d) -> names.put(pid, d.ocd().getName()));
        Configuration[] all = configAdmin.listConfigurations(null);
        for (Configuration c : all == null ? new Configuration[0] : all) {
            names.putIfAbsent(c.getPid(), null);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        names.forEach((pid, name) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", pid);
            m.put("name", name);
            m.put("rejected", validator.rejections(pid).size());
            out.add(m);
        });
        return out;
    }

    /** One PID: each key with its value (secrets masked), type, default, description, and rejected values. */
    Map<String, Object> config(String pid) {
        Optional<Configuration> config = editor.configuration(pid);
        String factoryPid = config.map(Configuration::getFactoryPid).orElse(null);
        Optional<Definition> definition = validator.definition(factoryPid != null ? factoryPid : pid, factoryPid != null);
        if (config.isEmpty() && definition.isEmpty()) {
            return null;
        }
        Dictionary<String, Object> props = config.map(Configuration::getProperties).orElse(null);
        TreeSet<String> keys = new TreeSet<>();
        if (props != null) {
            for (String k : Collections.list(props.keys())) {
                if (!k.equals(ConfigValidator.FILENAME) && !k.startsWith("service.") && !k.equals("component.name")) {
                    keys.add(k);
                }
            }
        }
        List<String> defined = new ArrayList<>();
        definition.ifPresent(d -> {
            for (AttributeDefinition ad : d.attributes()) {
                defined.add(ad.getID());
            }
        });
        List<String> ordered = new ArrayList<>(defined);
        keys.stream().filter(k -> !defined.contains(k)).forEach(ordered::add);
        List<Map<String, Object>> attributes = new ArrayList<>();
        for (String key : ordered) {
            AttributeDefinition ad = definition.map(d -> d.attribute(key)).orElse(null);
            Object value = props == null ? null : props.get(key);
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("key", key);
            a.put("name", ad == null ? key : ad.getName());
            a.put("description", ad == null ? null : ad.getDescription());
            a.put("type", ad == null ? null : Definition.type(ad));
            a.put("default", ad == null || ad.getDefaultValue() == null ? null : String.join(",", ad.getDefaultValue()));
            a.put("options", ad == null || ad.getOptionValues() == null || ad.getOptionValues().length == 0 ? null
                    : List.of(ad.getOptionValues()));
            a.put("secret", definition.map(d -> d.secret(key)).orElse(Definition.secretName(key)));
            a.put("value", value == null ? null : Definition.shown(definition, key, Rejection.text(value)));
            attributes.add(a);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", pid);
        m.put("name", definition.map(d -> d.ocd().getName()).orElse(null));
        m.put("description", definition.map(d -> d.ocd().getDescription()).orElse(null));
        m.put("definedBy", definition.map(d -> d.bundle().getSymbolicName()).orElse(null));
        m.put("attributes", attributes);
        List<Map<String, Object>> rejected = new ArrayList<>();
        for (Rejection r : validator.rejections(pid)) {
            rejected.add(Map.of("key", r.key(), "value", r.valueText(), "reason", r.reason()));
        }
        m.put("rejections", rejected);
        return m;
    }

    /** What the definition says against each new value (key to message); empty when every value passes. */
    Map<String, String> problems(String pid, Map<String, String> values) {
        Map<String, String> problems = new LinkedHashMap<>();
        validator.definition(pid, false).ifPresent(d -> values.forEach((key, value) -> {
            String problem = validator.check(d, key, value);
            if (problem != null) {
                problems.put(key, problem);
            }
        }));
        return problems;
    }
}
