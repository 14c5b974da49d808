package dev.keel.kernel.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import javax.sql.DataSource;

import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import dev.keel.kernel.plugin.PluginPreparation;

/**
 * The migrations extender: before a plugin starts, applies the SQL scripts
 * its bundle ships under the folder named by the {@code Keel-Migrations}
 * header. A plugin with the header waits ("waiting for storage") while the
 * kernel has no DataSource.
 */
@Component(service = PluginPreparation.class)
public final class MigrationExtender implements PluginPreparation {

    /** The manifest header naming the folder of a bundle's migration scripts. */
    public static final String HEADER = "Keel-Migrations";

    private final StoragePool storage;
    private final Logger log;

    @Activate
    public MigrationExtender(@Reference StoragePool storage, @Reference(service = LoggerFactory.class) Logger log) {
        this.storage = storage;
        this.log = log;
    }

    @Override
    public String notReady(Bundle bundle) {
        return folder(bundle) != null && storage.dataSource().isEmpty() ? "storage" : null;
    }

    @Override
    public void prepare(Bundle bundle, String pluginName, String pluginVersion) throws MigrationException {
        String folder = folder(bundle);
        if (folder == null) {
            return;
        }
        DataSource dataSource = storage.dataSource().orElseThrow(() -> new MigrationException(
                "no DataSource to apply " + HEADER + " with: " + storage.problem()));
        List<MigrationFile> files = read(bundle, folder);
        List<MigrationFile> applied;
        synchronized (this) { // one plugin's migrations at a time, so two versions never race for a script
            applied = new Migrator(dataSource, note -> log.warn("plugin {} {}: {}", pluginName, pluginVersion, note))
                    .migrate(pluginName, pluginVersion, files);
        }
        if (!applied.isEmpty()) {
            log.info("plugin {} {}: applied {}", pluginName, pluginVersion,
                    applied.stream().map(MigrationFile::fileName).toList());
        }
    }

    private static String folder(Bundle bundle) {
        String value = bundle.getHeaders("").get(HEADER);
        if (value == null || value.isBlank()) {
            return null;
        }
        String folder = value.strip();
        while (folder.endsWith("/")) {
            folder = folder.substring(0, folder.length() - 1);
        }
        return folder.startsWith("/") ? folder.substring(1) : folder;
    }

    private static List<MigrationFile> read(Bundle bundle, String folder) throws MigrationException {
        List<MigrationFile> files = new ArrayList<>();
        Enumeration<URL> entries = bundle.findEntries(folder, "*.sql", false);
        while (entries != null && entries.hasMoreElements()) {
            URL url = entries.nextElement();
            String path = url.getPath().startsWith("/") ? url.getPath().substring(1) : url.getPath();
            try (InputStream in = url.openStream()) {
                files.add(MigrationFile.of(path, in.readAllBytes()));
            } catch (IOException e) {
                throw new MigrationException("cannot read " + path + ": " + e.getMessage(), e);
            }
        }
        return files;
    }
}
