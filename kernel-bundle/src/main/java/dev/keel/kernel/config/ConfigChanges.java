package dev.keel.kernel.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.kernel.security.Audit;
import dev.keel.kernel.security.Audit.Actor;

/**
 * A configuration change asked for by someone (the shell's {@code keel:config},
 * {@code /admin/config}): made by {@link ConfigEditor} and audited, done or
 * refused, with who, the PID and the values (password-type values masked).
 * Keel's own writes (e.g. the release splits) go to {@link ConfigEditor} directly.
 */
@Component(service = ConfigChanges.class)
public final class ConfigChanges {

    static final String MASK = Definition.MASK;

    private final ConfigEditor editor;
    private final ConfigValidator validator;
    private final Audit audit;

    @Activate
    public ConfigChanges(@Reference ConfigEditor editor, @Reference ConfigValidator validator,
            @Reference Audit audit) {
        this.editor = editor;
        this.validator = validator;
        this.audit = audit;
    }

    /**
     * Sets values of one PID like {@link ConfigEditor#set(String, Map)} and audits it.
     *
     * @return the file the values were written to
     */
    public Path set(Actor who, String pid, Map<String, String> values) throws IOException {
        Map<String, String> shown = masked(validator.definition(pid, false), values);
        try {
            Path file = editor.set(pid, values);
            audit.record(who, "config.set", pid, shown, "ok");
            return file;
        } catch (IOException | RuntimeException e) {
            audit.record(who, "config.set", pid, shown, "failed: " + e.getMessage());
            throw e;
        }
    }

    static Map<String, String> masked(Optional<Definition> definition, Map<String, String> values) {
        Map<String, String> shown = new LinkedHashMap<>();
        values.forEach((key, value) -> shown.put(key, Definition.shown(definition, key, value)));
        return shown;
    }
}
