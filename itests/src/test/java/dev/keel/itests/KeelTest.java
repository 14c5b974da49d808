package dev.keel.itests;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.inject.Inject;
import javax.sql.DataSource;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;

/**
 * What every pax-exam test on the real bundles shares: the framework services
 * pax-exam injects, the HTTP client of the Keel it runs in, and waiting for
 * plugins and configurations. A test class extends it and keeps its own
 * {@code @RunWith(PaxExam.class)} and {@code @Configuration} (see {@link KeelOptions}).
 */
public abstract class KeelTest {

    /** The distribution's business plugins. */
    public static final List<String> BUSINESS = List.of("user", "payment", "order");
    /** How long a plugin may take to reach a state (installs and restarts on a loaded machine). */
    public static final Duration PLUGIN_WAIT = Duration.ofSeconds(30);

    @Inject
    protected BundleContext context;

    @Inject
    protected PluginRuntime runtime;

    @Inject
    protected ConfigurationAdmin configAdmin;

    private Api api;

    /** The JSON client of this Keel, once its HTTP entry answers. */
    protected Api api() {
        if (api == null) {
            api = Api.inFramework(context);
        }
        return api;
    }

    /** Waits until each named plugin is ACTIVE. */
    protected void awaitActive(List<String> names) {
        for (String name : names) {
            awaitState(name, PluginState.ACTIVE);
        }
    }

    /** Waits until the business plugins are ACTIVE. */
    protected void awaitBusinessPlugins() {
        awaitActive(BUSINESS);
    }

    /** Waits until the plugin is known in the given state. */
    protected void awaitState(String name, PluginState state) {
        Await.until(name + " " + state, PLUGIN_WAIT,
                () -> runtime.plugin(name).map(p -> p.state() == state).orElse(false), runtime::plugins);
    }

    /** Waits until the given version of a plugin is known in the given state. */
    protected void awaitVersion(String name, String version, PluginState state) {
        Await.until(name + " " + version + " " + state, PLUGIN_WAIT, () -> runtime.plugins().stream()
                .anyMatch(p -> p.name().equals(name) && p.version().equals(version) && p.state() == state),
                runtime::plugins);
    }

    /** Whether the plugin is known and ACTIVE. */
    protected boolean active(String name) {
        return runtime.plugin(name).map(p -> p.state() == PluginState.ACTIVE).orElse(false);
    }

    /** The plugin's status (fails when it is not known). */
    protected PluginStatus plugin(String name) {
        return runtime.plugin(name).orElseThrow(() -> new AssertionError("no plugin " + name + " in "
                + runtime.plugins()));
    }

    /** The given version of a plugin (fails when it is not known). */
    protected PluginStatus plugin(String name, String version) {
        return runtime.plugins().stream().filter(p -> p.name().equals(name) && p.version().equals(version))
                .findFirst().orElseThrow(() -> new AssertionError("no plugin " + name + " " + version + " in "
                        + runtime.plugins()));
    }

    /** A copy of a jar under the Keel home's {@code builds/} as {@code name}: code is loaded only from the home (or https://). */
    protected java.nio.file.Path underHome(java.nio.file.Path jar, String name) {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createDirectories(
                    java.nio.file.Path.of(context.getProperty("keel.home"), "builds"));
            return java.nio.file.Files.copy(jar, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A copy of a jar under the Keel home, under its own name. */
    protected java.nio.file.Path underHome(java.nio.file.Path jar) {
        return underHome(jar, jar.getFileName().toString());
    }

    /** The bundle with this symbolic name (the first, when several versions are installed). */
    protected Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    /**
     * Updates a configuration through ConfigAdmin, once with all its keys
     * (FileInstall writes a file back per update), and waits until the
     * component runs with it: a service with its {@code service.pid} shows every
     * value (Keel's validator drops unknown keys, so no marker key).
     */
    protected void configure(String pid, Map<String, ?> values) {
        try {
            configAdmin.getConfiguration(pid, "?").update(new Hashtable<>(values));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Await.until(pid + " applied: " + values, PLUGIN_WAIT, () -> serviceShows(pid, values));
    }

    /**
     * Checks that the business plugins run on the database at a URL starting
     * with {@code urlPrefix}: the kernel's DataSource is registered for it, its
     * connections are there, and the plugins' migrations are recorded there.
     */
    protected void assertBusinessStorageOn(String urlPrefix) throws Exception {
        awaitBusinessPlugins();
        ServiceReference<DataSource> ref = context
                .getServiceReferences(DataSource.class, "(keel.datasource=default)").iterator().next();
        String url = String.valueOf(ref.getProperty("url"));
        assertTrue("the kernel's DataSource is on " + url, url.startsWith(urlPrefix));
        DataSource db = context.getService(ref);
        Set<String> migrated = new TreeSet<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT DISTINCT plugin FROM keel_migrations")) {
            assertTrue(c.getMetaData().getURL(), c.getMetaData().getURL().startsWith(urlPrefix));
            while (rs.next()) {
                migrated.add(rs.getString(1));
            }
        } finally {
            context.ungetService(ref);
        }
        assertTrue("migrations recorded on " + url + ": " + migrated, migrated.containsAll(BUSINESS));
    }

    /** Whether a service of the PID shows each value (compared as text). */
    protected boolean serviceShows(String pid, Map<String, ?> values) {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(null, "(service.pid=" + pid + ")");
            for (ServiceReference<?> r : refs == null ? new ServiceReference<?>[0] : refs) {
                if (values.entrySet().stream().allMatch(e ->
                        String.valueOf(e.getValue()).equals(String.valueOf(r.getProperty(e.getKey()))))) {
                    return true;
                }
            }
            return false;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
