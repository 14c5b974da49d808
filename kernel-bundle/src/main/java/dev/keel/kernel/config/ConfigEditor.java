package dev.keel.kernel.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.kernel.util.Poll;

/**
 * Sets one configuration value so that it is checked first, applied once and
 * ends up in {@code etc/<pid>.cfg}: a configuration read from a file is
 * updated through ConfigAdmin and its file changed in place (only the keys set,
 * comments and order kept, see {@link CfgWriteBack}); for a PID without a file
 * the file is written and FileInstall applies it. PIDs come from users here
 * (shell, /admin): only {@code [A-Za-z0-9._-]}, so the file is always in
 * {@code etc/}.
 */
@Component(service = ConfigEditor.class)
public final class ConfigEditor {

    /** How long {@link #set} waits for the file or the configuration to show the new value. */
    static final Duration SETTLE = Duration.ofSeconds(15);

    private final ConfigurationAdmin configAdmin;
    private final ConfigValidator validator;
    private final CfgWriteBack writeBack;
    private final BundleContext context;

    @Activate
    public ConfigEditor(@Reference ConfigurationAdmin configAdmin, @Reference ConfigValidator validator,
            @Reference CfgWriteBack writeBack, BundleContext context) {
        this.configAdmin = configAdmin;
        this.validator = validator;
        this.writeBack = writeBack;
        this.context = context;
    }

    /** The directory FileInstall reads {@code .cfg} files from. */
    public Path etcDir() {
        String dir = context.getProperty("felix.fileinstall.dir");
        return Path.of(dir == null ? "etc" : dir);
    }

    /**
     * The configuration of a PID (not a factory PID), if there is one.
     *
     * @throws IllegalArgumentException when the PID is not a valid one ({@link CfgFiles#checkPid})
     */
    public Optional<Configuration> configuration(String pid) {
        CfgFiles.checkPid(pid);
        try {
            Configuration[] found = configAdmin.listConfigurations("(" + Constants.SERVICE_PID + "=" + pid + ")");
            return found == null || found.length == 0 ? Optional.empty() : Optional.of(found[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("not a valid PID: " + pid);
        }
    }

    /** The file a configuration was read from, if FileInstall read it from one. */
    public static Optional<Path> file(Dictionary<String, Object> props) {
        Object name = props == null ? null : props.get(ConfigValidator.FILENAME);
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(URI.create(name.toString())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Checks the value against the PID's Metatype definition, applies it and
     * writes it to the PID's file.
     *
     * @return the file the value was written to
     * @throws IllegalArgumentException when the value is not allowed
     */
    public Path set(String pid, String key, String value) throws IOException {
        return set(pid, Map.of(key, value));
    }

    /**
     * Like {@link #set(String, String, String)} for several keys of one PID,
     * checked first and applied in one update, so no state between them is
     * ever seen or saved.
     */
    public Path set(String pid, Map<String, String> values) throws IOException {
        Path target = CfgFiles.fileOf(etcDir(), pid);
        Optional<Definition> definition = validator.definition(pid, false);
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (ConfigCheck.ignored(e.getKey())) {
                throw new IllegalArgumentException(e.getKey() + " is managed by the framework, not set by hand");
            }
            String problem = definition.map(d -> validator.check(d, e.getKey(), e.getValue())).orElse(null);
            if (problem != null) {
                String shown = Definition.shown(definition, e.getKey(), e.getValue());
                throw new IllegalArgumentException(pid + ": " + e.getKey() + "=" + shown + " rejected: " + problem);
            }
        }
        Optional<Configuration> existing = configuration(pid);
        Dictionary<String, Object> props = existing.map(Configuration::getProperties).orElse(null);
        Optional<Path> file = file(props).filter(Files::isRegularFile);
        if (file.isPresent()) {
            values.forEach(props::put);
            existing.get().update(props);
            writeBack.set(pid, file.get(), values);
            return file.get();
        }
        Properties content = new Properties();
        if (props != null) {
            for (String k : Collections.list(props.keys())) {
                if (!ConfigCheck.ignored(k)) {
                    content.setProperty(k, Rejection.text(props.get(k)));
                }
            }
        }
        values.forEach(content::setProperty);
        write(target, content);
        await(() -> configuration(pid).map(c -> c.getProperties() != null && values.entrySet().stream()
                .allMatch(e -> e.getValue().equals(String.valueOf(c.getProperties().get(e.getKey())))))
                .orElse(false),
                target + " was written but FileInstall did not apply it (does it watch " + etcDir() + "?)");
        return target;
    }

    /** Writes a new file whole (through a temporary file and a move), so FileInstall never reads half of it. */
    static void write(Path target, Properties content) throws IOException {
        StringBuilder out = new StringBuilder("# written by keel:config\n");
        new java.util.TreeMap<>(content).forEach((k, v) -> out.append(CfgText.line(k.toString(), v.toString())));
        CfgFiles.write(target, out.toString());
    }

    private static void await(BooleanSupplier condition, String failure) {
        if (!Poll.until(condition, SETTLE)) {
            throw new IllegalStateException(Thread.currentThread().isInterrupted()
                    ? "interrupted while waiting: " + failure : failure);
        }
    }
}
