package dev.keel.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.ops4j.pax.exam.Option;

/**
 * pax-exam options that boot the real bundles of the assembled distribution
 * ({@code distribution/target/keel-VERSION}) in Felix, at the same start
 * levels as {@code bin/keel}: platform and kernel 2, plugins 3. The
 * console (bundle/console) is left out: in the forked test JVM it would read
 * EOF from stdin and stop the framework. bin/keel puts SLF4J on the class path;
 * the test JVM's class path holds other copies of org.slf4j (pax-logging), so
 * here SLF4J runs as bundles at level 1, wired by SPI Fly.
 */
public final class KeelOptions {

    /** SPI Fly and ASM (Maven artifact ids), in start order, before slf4j at level 1. */
    private static final List<String[]> SPI_FLY = List.of(new String[] {"org.ow2.asm", "asm", "asm.version"},
            new String[] {"org.ow2.asm", "asm-tree", "asm.version"},
            new String[] {"org.ow2.asm", "asm-analysis", "asm.version"},
            new String[] {"org.ow2.asm", "asm-commons", "asm.version"},
            new String[] {"org.ow2.asm", "asm-util", "asm.version"},
            new String[] {"org.apache.aries.spifly", "org.apache.aries.spifly.dynamic.bundle", "spifly.version"});
    private static final List<String> BOOT = List.of("slf4j-api.jar", "slf4j-simple.jar");

    private KeelOptions() {
    }

    /** The assembled distribution folder. */
    public static Path dist() {
        String dist = System.getProperty("keel.dist");
        if (dist == null) {
            throw new IllegalStateException("system property keel.dist is not set (run through Maven)");
        }
        return Path.of(dist);
    }

    /** A TCP port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Platform, kernel and the three business plugins, HTTP on {@code httpPort}. */
    public static Option[] keel(int httpPort, Option... extra) {
        List<Option> options = new ArrayList<>(base(httpPort));
        for (Path plugin : jars(dist().resolve("deploy"))) {
            options.add(bundle(plugin.toUri().toString()).startLevel(3));
        }
        options.addAll(List.of(extra));
        return options.toArray(Option[]::new);
    }

    /**
     * Puts the Keel under test on a fresh database of the tests' own
     * PostgreSQL ({@link Postgres}), selected by {@code etc/keel.storage.cfg}
     * as an operator does: this option's {@code felix.fileinstall.dir} comes
     * after {@link #base}'s empty one and wins. The same plugins and migrations
     * as on the embedded H2.
     */
    public static Option onPostgres(String database) {
        try {
            Postgres pg = Postgres.shared();
            Path etc = emptyDir("etc");
            Files.writeString(etc.resolve("keel.storage.cfg"), pg.storageConfig(pg.newDatabase(database)));
            return frameworkProperty("felix.fileinstall.dir").value(etc.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up PostgreSQL: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up PostgreSQL", e);
        }
    }

    /** Platform and kernel only, no business plugins. */
    public static Option[] kernelOnly(int httpPort, Option... extra) {
        List<Option> options = new ArrayList<>(base(httpPort));
        options.addAll(List.of(extra));
        return options.toArray(Option[]::new);
    }

    private static List<Option> base(int httpPort) {
        Path dist = dist();
        List<Option> options = new ArrayList<>();
        options.add(junitBundles());
        options.add(cleanCaches(true));
        // above pax-exam's test-bundle level (5), or the probe never starts
        options.add(frameworkStartLevel(10));
        options.add(frameworkProperty("org.osgi.service.log.admin.loglevel").value("INFO"));
        options.add(frameworkProperty("org.osgi.service.http.port").value(String.valueOf(httpPort)));
        options.add(frameworkProperty("felix.fileinstall.dir").value(emptyDir("etc").toString()));
        // as in config.properties; tests read the watched dir and the log file back with context.getProperty(...)
        options.add(frameworkProperty("felix.fileinstall.filter").value(".*\\.cfg"));
        options.add(frameworkProperty("felix.fileinstall.poll").value("250"));
        // as in config.properties: the kernel writes changes back, not FileInstall
        options.add(frameworkProperty("felix.fileinstall.enableConfigSave").value("false"));
        options.add(frameworkProperty("keel.log.file").value(emptyDir("log").resolve("keel.log").toString()));
        options.add(frameworkProperty("keel.deploy.dir").value(emptyDir("deploy").toString()));
        // the kernel's embedded H2 lives in <keel.home>/data/db: a fresh one per test class
        options.add(frameworkProperty("keel.home").value(emptyDir("home").toString()));
        // the SSH shell on any free port, never the default 8101 another instance may hold
        options.add(frameworkProperty("keel.ssh.port").value("0"));
        options.add(systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("warn"));
        for (String[] a : SPI_FLY) {
            String version = System.getProperty(a[2]);
            if (version == null) {
                throw new IllegalStateException("system property " + a[2] + " is not set (run through Maven)");
            }
            options.add(mavenBundle(a[0], a[1], version).startLevel(1));
        }
        for (String boot : BOOT) {
            options.add(bundle(dist.resolve("bundle/boot").resolve(boot).toUri().toString()).startLevel(1));
        }
        for (Path platform : jars(dist.resolve("bundle"))) {
            options.add(bundle(platform.toUri().toString()).startLevel(2));
        }
        return options;
    }

    private static Path emptyDir(String name) {
        try {
            return Files.createTempDirectory("keel-itest-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> jars(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + " (is the distribution built?)", e);
        }
    }
}
