package dev.keel.itests;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Constants;
import aQute.bnd.osgi.EmbeddedResource;
import aQute.bnd.osgi.Jar;

import dev.keel.api.Plugin;
import dev.keel.itests.fixture.FixturePlugin;
import dev.keel.itests.fixture.logging.LoggingPlugin;
import dev.keel.itests.fixture.migrating.MigratingPlugin;
import dev.keel.itests.fixture.migrating.MigrationsOnlyPlugin;
import dev.keel.itests.fixture.ping.PingPublisher;

/**
 * Plugin bundles made of the fixture classes ({@code dev.keel.itests.fixture.*},
 * one package a fixture), built with bnd's {@link Builder} as the
 * bnd-maven-plugin builds Keel's own bundles: the manifest computed from the
 * classes, the DS component descriptions generated from their annotations.
 * <p>
 * bnd runs in the test runner, not in the framework: build in a
 * {@code @Configuration} method (or a plain JUnit test) and hand a pax-exam test
 * the jars with {@link Fixtures#option}.
 */
public final class FixtureBundles {

    /** Where the API packages the fixtures use come from: bnd reads their versions for the import ranges. */
    private static final Set<Class<?>> API = Set.of(Plugin.class, org.osgi.framework.BundleContext.class,
            org.osgi.service.event.EventAdmin.class, org.osgi.service.log.Logger.class,
            jakarta.servlet.http.HttpServlet.class);

    private FixtureBundles() {
    }

    /**
     * Builds a bundle of the packages of the given components, each of them a
     * DS component.
     *
     * @param headers more manifest headers
     * @param resources text files to add (path in the jar to content)
     */
    public static Path build(Path jar, String symbolicName, String version, Map<String, String> headers,
            Map<String, String> resources, Class<?>... components) throws IOException {
        try (Builder b = new Builder()) {
            b.setProperty(Constants.BUNDLE_SYMBOLICNAME, symbolicName);
            b.setProperty(Constants.BUNDLE_VERSION, version);
            // a fixture's package, and the one of FixturePlugin for its subclasses
            b.setProperty(Constants.PRIVATEPACKAGE, names(Stream.of(components).flatMap(c -> FixturePlugin.class
                    .isAssignableFrom(c) ? Stream.of(c, FixturePlugin.class) : Stream.of(c)).map(Class::getPackageName)));
            b.setProperty(Constants.DSANNOTATIONS, names(Stream.of(components).map(Class::getName)));
            b.setProperty(Constants.NOEXTRAHEADERS, "true");
            headers.forEach(b::setProperty);
            Set<File> classpath = new LinkedHashSet<>();
            Stream.concat(Stream.of(components), API.stream()).forEach(type -> classpath.add(codeSource(type)));
            for (File f : classpath) {
                b.addClasspath(f);
            }
            Jar built = b.build();
            resources.forEach((path, text) -> built.putResource(path,
                    new EmbeddedResource(text.getBytes(StandardCharsets.UTF_8), 0L)));
            if (!b.isOk()) {
                throw new IOException("bnd could not build " + symbolicName + ": " + b.getErrors());
            }
            built.write(jar.toFile());
            return jar;
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("bnd could not build " + symbolicName, e);
        }
    }

    /** Like {@link #build}, into a new file in a new temporary folder. */
    public static Path build(String symbolicName, String version, Map<String, String> headers,
            Map<String, String> resources, Class<?>... components) throws IOException {
        Path jar = Files.createTempDirectory("keel-itest-fixture").resolve(symbolicName + "-" + version + ".jar");
        return build(jar, symbolicName, version, headers, resources, components);
    }

    /**
     * A {@link MigratingPlugin} bundle: {@code Keel-Migrations: db/migration}
     * with the given scripts (file name to SQL); {@code start()} reads {@code table}.
     */
    public static Path migrating(String symbolicName, String version, String pluginName, String table,
            Map<String, String> migrations) throws IOException {
        return build(symbolicName, version, Map.of("Keel-Migrations", "db/migration",
                FixturePlugin.NAME_HEADER, pluginName, MigratingPlugin.TABLE_HEADER, table),
                scripts(migrations), MigratingPlugin.class);
    }

    /** Like {@link #migrating}, but the plugin has no DataSource reference (and reads no table at start). */
    public static Path migratingWithoutReference(String symbolicName, String version, String pluginName,
            Map<String, String> migrations) throws IOException {
        return build(symbolicName, version, Map.of("Keel-Migrations", "db/migration",
                FixturePlugin.NAME_HEADER, pluginName), scripts(migrations), MigrationsOnlyPlugin.class);
    }

    /**
     * The plugin {@code slowsql} ({@code SlowSqlPlugin} and its servlet at
     * {@code /sql}), with a migration creating {@code slow_notes}.
     */
    public static Path slowSql() throws IOException {
        return build("dev.keel.itests.slowsql", "1.0.0", Map.of("Keel-Migrations", "db/migration",
                FixturePlugin.NAME_HEADER, "slowsql"), scripts(Map.of("V1__notes.sql",
                        "CREATE TABLE slow_notes (id INT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, note VARCHAR(10));")),
                dev.keel.itests.fixture.slowsql.SlowSqlPlugin.class, dev.keel.itests.fixture.slowsql.SlowSqlServlet.class);
    }

    /** A {@link PingPublisher} bundle. */
    public static Path pinger() throws IOException {
        return build("dev.keel.itests.pinger", "1.0.0", Map.of(), Map.of(), PingPublisher.class);
    }

    /** A {@link dev.keel.itests.fixture.seen.SeenEvents} bundle: writes down the order events it is given. */
    public static Path seenEvents() throws IOException {
        return build("dev.keel.itests.seen", "1.0.0", Map.of(), Map.of(), dev.keel.itests.fixture.seen.SeenEvents.class);
    }

    /** A {@link LoggingPlugin} bundle: the plugin {@code name} in version {@code version}. */
    public static Path logging(String name, String version) throws IOException {
        return build("dev.keel.itest." + name, version, Map.of(FixturePlugin.NAME_HEADER, name), Map.of(),
                LoggingPlugin.class);
    }

    private static Map<String, String> scripts(Map<String, String> migrations) {
        Map<String, String> resources = new LinkedHashMap<>();
        migrations.forEach((file, sql) -> resources.put("db/migration/" + file, sql));
        return resources;
    }

    private static String names(Stream<String> names) {
        return names.distinct().collect(Collectors.joining(","));
    }

    /** The class-path entry (folder or jar) a class is loaded from. */
    private static File codeSource(Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot tell where " + type.getName() + " is loaded from", e);
        }
    }
}
