package dev.keel.kernel.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Writes a configuration changed through ConfigAdmin back into the
 * {@code etc/*.cfg} file FileInstall read it from (FileInstall's own
 * write-back, {@code felix.fileinstall.enableConfigSave}, is off: it truncates
 * and rewrites the file in place, so its own poll could read half a file), and
 * deletes the file of a deleted configuration.
 * <p>
 * A write keeps the file's comments and order ({@link CfgText}) and replaces
 * it in one step ({@link CfgFiles}). There is no loop with FileInstall, which
 * reads the written file again: when file and configuration already say the
 * same, nothing is written. And a file changed since it last matched its
 * configuration wins: an operator's edit that FileInstall has not applied yet
 * is never overwritten with the configuration's older values.
 */
@Component(service = {ConfigurationListener.class, CfgWriteBack.class}, immediate = true)
public final class CfgWriteBack implements ConfigurationListener {

    private static final Set<String> NOT_IN_FILE = Set.of(Constants.SERVICE_PID, ConfigurationAdmin.SERVICE_FACTORYPID,
            ConfigurationAdmin.SERVICE_BUNDLELOCATION, ConfigValidator.FILENAME);
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^${}]+)}");

    private final ConfigurationAdmin configAdmin;
    private final BundleContext context;
    private final Logger log;
    /** The file of each configuration read from one. */
    private final Map<String, Path> files = new HashMap<>();
    /** The text of each file when it last said what its configuration says. */
    private final Map<Path, String> inSync = new HashMap<>();

    @Activate
    public CfgWriteBack(@Reference ConfigurationAdmin configAdmin, BundleContext context,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.configAdmin = configAdmin;
        this.context = context;
        this.log = log;
        try {
            Configuration[] all = configAdmin.listConfigurations("(" + ConfigValidator.FILENAME + "=*)");
            for (Configuration c : all == null ? new Configuration[0] : all) {
                updated(c.getPid());
            }
        } catch (IOException | InvalidSyntaxException e) {
            log.warn("could not list the configurations read from files: {}", e.toString());
        }
    }

    /** The folder FileInstall reads {@code .cfg} files from. */
    Path etcDir() {
        String dir = context.getProperty("felix.fileinstall.dir");
        return Path.of(dir == null ? "etc" : dir).toAbsolutePath().normalize();
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (event.getType() == ConfigurationEvent.CM_UPDATED) {
            updated(event.getPid());
        } else if (event.getType() == ConfigurationEvent.CM_DELETED) {
            deleted(event.getPid());
        }
    }

    private synchronized void updated(String pid) {
        try {
            Configuration[] found = configAdmin.listConfigurations("(" + Constants.SERVICE_PID + "=" + filterValue(pid)
                    + ")");
            Dictionary<String, Object> props = found == null || found.length == 0 ? null : found[0].getProperties();
            Optional<Path> file = ConfigEditor.file(props).map(f -> f.toAbsolutePath().normalize())
                    .filter(f -> etcDir().equals(f.getParent()) && f.getFileName().toString().endsWith(".cfg"));
            if (file.isEmpty()) {
                return;
            }
            files.put(pid, file.get());
            Optional<String> text = CfgFiles.read(file.get());
            if (text.isEmpty()) {
                return; // deleted: FileInstall deletes the configuration
            }
            Map<String, String> wanted = values(props);
            if (same(CfgText.values(text.get()), wanted)) {
                inSync.put(file.get(), text.get());
                return;
            }
            if (!text.get().equals(inSync.get(file.get()))) {
                log.debug("{} changed since it last matched configuration {}: the file wins", file.get(),
                        CfgFiles.printable(pid));
                return;
            }
            String merged = CfgText.merge(text.get(), wanted, this::same);
            CfgFiles.write(file.get(), merged);
            inSync.put(file.get(), merged);
            log.info("configuration {} written back to {}", CfgFiles.printable(pid),
                    ConfigValidator.source(pid, file.get().toUri()));
        } catch (IOException | InvalidSyntaxException | IllegalStateException e) {
            log.warn("could not write configuration {} back to its file: {}", CfgFiles.printable(pid), e.toString());
        }
    }

    /**
     * Sets keys in a configuration's file, every other line left as it is: for
     * {@link ConfigEditor}, right after it updated the configuration with them.
     */
    synchronized void set(String pid, Path file, Map<String, String> values) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        if (!etcDir().equals(abs.getParent())) {
            throw new IllegalArgumentException(pid + " was read from " + file + ", outside " + etcDir()
                    + ": not written");
        }
        files.put(pid, abs);
        String text = CfgFiles.read(abs).orElse("");
        Map<String, String> wanted = new TreeMap<>(CfgText.values(text));
        wanted.putAll(values);
        String merged = CfgText.merge(text, wanted, this::same);
        if (!merged.equals(text)) {
            CfgFiles.write(abs, merged);
        }
        // whether file and configuration now match is for the configuration's event to tell
    }

    private synchronized void deleted(String pid) {
        Path file = files.remove(pid);
        if (file == null) {
            return;
        }
        inSync.remove(file);
        try {
            if (Files.deleteIfExists(file)) {
                log.info("configuration {} deleted, and its file {}", CfgFiles.printable(pid),
                        ConfigValidator.source(pid, file.toUri()));
            }
        } catch (IOException e) {
            log.warn("could not delete {} of the deleted configuration {}: {}", file, CfgFiles.printable(pid),
                    e.toString());
        }
    }

    /** A configuration's values as a file holds them: strings, lists comma-separated. */
    static Map<String, String> values(Dictionary<String, Object> props) {
        Map<String, String> values = new TreeMap<>();
        for (String k : Collections.list(props.keys())) {
            if (!NOT_IN_FILE.contains(k)) {
                values.put(k, Rejection.text(props.get(k)));
            }
        }
        return values;
    }

    private boolean same(Map<String, String> file, Map<String, String> wanted) {
        return file.keySet().equals(wanted.keySet())
                && file.entrySet().stream().allMatch(e -> same(e.getValue(), wanted.get(e.getKey())));
    }

    /** Whether a value as written in a file is the configuration's value once FileInstall substituted its ${...}. */
    boolean same(String raw, String value) {
        if (Objects.equals(raw, value)) {
            return true;
        }
        if (raw == null || !raw.contains("${")) {
            return false;
        }
        Matcher m = VARIABLE.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = context.getProperty(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "" : v));
        }
        m.appendTail(out);
        return out.toString().equals(value);
    }

    static String filterValue(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
