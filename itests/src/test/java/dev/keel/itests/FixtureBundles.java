package dev.keel.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.keel.itests.fixture.MigratingPlugin;
import dev.keel.itests.fixture.PingPublisher;

/** Plugin bundles built from the fixture classes, with hand-written DS descriptions. */
final class FixtureBundles {

    private FixtureBundles() {
    }

    /**
     * A {@link MigratingPlugin} bundle: {@code Keel-Migrations: db/migration}
     * with the given scripts (file name to SQL).
     */
    static Path migrating(Path dir, String symbolicName, String version, String pluginName, String table,
            Map<String, String> migrations) throws IOException {
        return migrating(dir, symbolicName, version, pluginName, table, migrations, true);
    }

    /** Like {@link #migrating}, but the plugin has no DataSource reference (and reads no table at start). */
    static Path migratingWithoutReference(Path dir, String symbolicName, String version, String pluginName,
            Map<String, String> migrations) throws IOException {
        return migrating(dir, symbolicName, version, pluginName, "", migrations, false);
    }

    private static Path migrating(Path dir, String symbolicName, String version, String pluginName, String table,
            Map<String, String> migrations, boolean referencesDataSource) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        Map.Entry<String, byte[]> type = Jars.classEntry(MigratingPlugin.class);
        entries.put(type.getKey(), type.getValue());
        entries.put("OSGI-INF/plugin.xml", Jars.text("""
                <?xml version="1.0" encoding="UTF-8"?>
                <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.3.0" name="%s" activate="activate">
                  <implementation class="%s"/>
                  <service><provide interface="dev.keel.api.Plugin"/></service>
                  <property name="plugin.name" value="%s"/>
                  <property name="plugin.table" value="%s"/>
                  %s
                </scr:component>
                """.formatted(pluginName, MigratingPlugin.class.getName(), pluginName, table, referencesDataSource
                        ? "<reference name=\"dataSource\" interface=\"javax.sql.DataSource\" bind=\"setDataSource\""
                                + " target=\"(keel.datasource=default)\"/>"
                        : "")));
        migrations.forEach((file, sql) -> entries.put("db/migration/" + file, Jars.text(sql)));
        return Jars.write(Files.createTempFile(dir, symbolicName + "-" + version + "-", ".jar"), Jars.manifest(Map.of(
                "Bundle-ManifestVersion", "2",
                "Bundle-SymbolicName", symbolicName,
                "Bundle-Version", version,
                "Import-Package", "dev.keel.api;version=\"[1.0,2)\",javax.sql,org.osgi.framework",
                "Service-Component", "OSGI-INF/plugin.xml",
                "Keel-Migrations", "db/migration")), entries);
    }

    /** A {@link PingPublisher} bundle. */
    static Path pinger(Path dir) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        Map.Entry<String, byte[]> type = Jars.classEntry(PingPublisher.class);
        entries.put(type.getKey(), type.getValue());
        entries.put("OSGI-INF/pinger.xml", Jars.text("""
                <?xml version="1.0" encoding="UTF-8"?>
                <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.3.0" name="pinger">
                  <implementation class="%s"/>
                  <service><provide interface="dev.keel.api.Plugin"/></service>
                  <reference name="eventAdmin" interface="org.osgi.service.event.EventAdmin" bind="setEventAdmin"/>
                </scr:component>
                """.formatted(PingPublisher.class.getName())));
        return Jars.write(Files.createTempFile(dir, "pinger-", ".jar"), Jars.manifest(Map.of(
                "Bundle-ManifestVersion", "2",
                "Bundle-SymbolicName", "dev.keel.itests.pinger",
                "Bundle-Version", "1.0.0",
                "Import-Package", "dev.keel.api;version=\"[1.0,2)\",org.osgi.framework,org.osgi.service.event",
                "Service-Component", "OSGI-INF/pinger.xml")), entries);
    }
}
