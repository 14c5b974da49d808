package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;
import javax.sql.DataSource;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;

/**
 * The kernel's storage on the real bundles in Felix: the pooled DataSource on
 * embedded H2, and plugin migrations applied before start().
 * {@link StoragePostgresIT} runs the same tests on PostgreSQL.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StorageIT extends KeelTest {

    private static final String FILTER = "(keel.datasource=default)";

    @Inject
    @Filter(FILTER)
    private DataSource injected;

    private final List<Bundle> installed = new ArrayList<>();

    @Configuration
    public Option[] config() throws IOException {
        return KeelOptions.keel(KeelOptions.freePort(), fixtures());
    }

    /** The fixture plugins the tests install, built here for {@link Fixtures}. */
    protected static Option[] fixtures() throws IOException {
        return new Option[] {
                Fixtures.option("ledger", FixtureBundles.migrating("dev.keel.itests.ledger", "1.0.0", "ledger",
                        "ledger_entries", ledgerScripts())),
                Fixtures.option("broken", FixtureBundles.migrating("dev.keel.itests.broken", "1.0.0", "broken",
                        "broken_ok", brokenScripts())),
                Fixtures.option("tally-1.0.0", FixtureBundles.migrating("dev.keel.itests.tally", "1.0.0", "tally",
                        "tally_counts", tally100())),
                Fixtures.option("tally-1.1.0", FixtureBundles.migrating("dev.keel.itests.tally", "1.1.0", "tally",
                        "tally_counts", tally110())),
                Fixtures.option("tally-1.2.0", FixtureBundles.migrating("dev.keel.itests.tally", "1.2.0", "tally",
                        "tally_counts", tallyEdited())),
                Fixtures.option("patient", FixtureBundles.migratingWithoutReference("dev.keel.itests.patient", "1.0.0",
                        "patient", Map.of("V1__create.sql", "CREATE TABLE patient_notes (id INT);")))};
    }

    private static Map<String, String> ledgerScripts() {
        Map<String, String> scripts = new LinkedHashMap<>();
        scripts.put("V10__add_amount.sql", "ALTER TABLE ledger_entries ADD COLUMN amount INT;\n"
                + "UPDATE ledger_entries SET amount = id * 10;\n");
        scripts.put("V1__create_entries.sql", "-- the first table\nCREATE TABLE ledger_entries (\n  id INT PRIMARY KEY,\n"
                + "  note VARCHAR(50)\n);\n");
        scripts.put("V2__seed.sql", "INSERT INTO ledger_entries (id, note) VALUES (1, 'first');\n"
                + "INSERT INTO ledger_entries (id, note) VALUES (2, 'a; b');\n");
        return scripts;
    }

    private static Map<String, String> brokenScripts() {
        Map<String, String> scripts = new LinkedHashMap<>();
        scripts.put("V1__ok.sql", "CREATE TABLE broken_ok (id INT);");
        scripts.put("V2__half.sql", "CREATE TABLE broken_half (id INT);\nINSERT INTO broken_half VALUES (1);\n"
                + "INSERT INTO no_such_table VALUES (1);\n");
        scripts.put("V3__later.sql", "CREATE TABLE broken_later (id INT);");
        return scripts;
    }

    private static Map<String, String> tally100() {
        Map<String, String> v100 = new LinkedHashMap<>();
        v100.put("V1__create.sql", "CREATE TABLE tally_counts (n INT);");
        v100.put("V2__one.sql", "INSERT INTO tally_counts VALUES (1);");
        return v100;
    }

    private static Map<String, String> tally110() {
        Map<String, String> v110 = new LinkedHashMap<>(tally100());
        v110.put("V3__three.sql", "INSERT INTO tally_counts VALUES (3);");
        return v110;
    }

    private static Map<String, String> tallyEdited() {
        Map<String, String> edited = new LinkedHashMap<>(tally110());
        edited.put("V1__create.sql", "CREATE TABLE tally_counts (n BIGINT);");
        return edited;
    }

    /** The database the tests run on (read in the framework). */
    protected StorageTarget target() {
        return StorageTarget.H2;
    }

    @Before
    public void onTheDatabase() {
        Await.until("the pool on " + target().urlPrefix(), Duration.ofSeconds(30), () -> current() != null
                && String.valueOf(current().getProperty("url")).startsWith(target().urlPrefix()), () -> current());
        businessPluginsActive();
    }

    @After
    public void cleanUp() throws Exception {
        for (Bundle b : installed) {
            b.uninstall();
        }
        businessPluginsActive();
    }

    @Test
    public void migrationsRunOnceInVersionOrderBeforeStartAndAreRecorded() throws Exception {
        Bundle ledger = install("ledger");

        awaitState("ledger", PluginState.ACTIVE);
        assertEquals(List.of("1 create entries 1.0.0 db/migration/V1__create_entries.sql", "2 seed 1.0.0 db/migration/V2__seed.sql",
                "10 add amount 1.0.0 db/migration/V10__add_amount.sql"),
                query("SELECT version || ' ' || description || ' ' || plugin_version || ' ' || script"
                        + " FROM keel_migrations WHERE plugin = 'ledger' ORDER BY version"));
        // V10 ran after V2 (numeric order): it saw both seeded rows
        assertEquals(List.of("1 first 10", "2 a; b 20"), query("SELECT id || ' ' || note || ' ' || amount FROM ledger_entries ORDER BY id"));
        List<String> recorded = query("SELECT version || ' ' || applied_at FROM keel_migrations WHERE plugin = 'ledger' ORDER BY version");

        ledger.stop();
        Await.until("ledger gone", () -> runtime.plugin("ledger").isEmpty(), runtime::plugins);
        ledger.start();
        awaitState("ledger", PluginState.ACTIVE);
        assertEquals("nothing applied again", recorded,
                query("SELECT version || ' ' || applied_at FROM keel_migrations WHERE plugin = 'ledger' ORDER BY version"));
        assertEquals(List.of("2"), query("SELECT COUNT(*) FROM ledger_entries"));
    }

    @Test
    public void aBrokenMigrationFailsOnlyItsPluginAndLeavesNothingOfItself() throws Exception {
        install("broken");

        awaitState("broken", PluginState.FAILED);
        assertEquals("db/migration/V2__half.sql failed at statement 3 (line 3): " + target().missingTableError(),
                state("broken").failure());
        assertEquals(List.of("1"), query("SELECT version FROM keel_migrations WHERE plugin = 'broken'"));
        assertTrue(tableExists("BROKEN_OK"));
        assertFalse("the failed migration left its table", tableExists("BROKEN_HALF"));
        assertFalse(tableExists("BROKEN_LATER"));
        businessPluginsActive();
    }

    @Test
    public void twoVersionsOfAPluginWithMigrationsCoexist() throws Exception {
        Bundle old = install("tally-1.0.0");
        awaitVersion("tally", "1.0.0", PluginState.ACTIVE);
        install("tally-1.1.0");
        awaitVersion("tally", "1.1.0", PluginState.ACTIVE);
        assertEquals(PluginState.ACTIVE, version("tally", "1.0.0").state());
        assertEquals(List.of("1 1.0.0", "2 1.0.0", "3 1.1.0"),
                query("SELECT version || ' ' || plugin_version FROM keel_migrations WHERE plugin = 'tally' ORDER BY version"));
        assertEquals(List.of("1", "3"), query("SELECT n FROM tally_counts ORDER BY n"));

        old.stop();
        old.start();
        awaitVersion("tally", "1.0.0", PluginState.ACTIVE);
        assertEquals(List.of("1", "3"), query("SELECT n FROM tally_counts ORDER BY n"));

        install("tally-1.2.0"); // V1 edited after 1.0.0 applied it
        awaitVersion("tally", "1.2.0", PluginState.FAILED);
        assertEquals("db/migration/V1__create.sql was changed after tally 1.0.0 applied it (checksum differs); "
                + "add a new migration instead", version("tally", "1.2.0").failure());
        assertEquals(PluginState.ACTIVE, version("tally", "1.0.0").state());
        assertEquals(PluginState.ACTIVE, version("tally", "1.1.0").state());
    }

    @Test
    public void aPluginWithMigrationsWaitsForStorageAndStartsWhenItComes() throws Exception {
        Bundle h2 = bundle(target().driverBundle());
        h2.stop();
        try {
            Await.until("no DataSource without a driver", () -> current() == null);
            // no DataSource reference of its own: only the kernel's rule holds it back
            install("patient");
            Await.until("patient waits for storage", () -> runtime.plugin("patient")
                    .map(p -> p.state() == PluginState.NEW && p.waitingFor().equals(List.of("storage"))).orElse(false),
                    runtime::plugins);
        } finally {
            h2.start();
        }
        awaitState("patient", PluginState.ACTIVE);
        assertEquals(List.of("1 1.0.0"),
                query("SELECT version || ' ' || plugin_version FROM keel_migrations WHERE plugin = 'patient'"));
    }

    @Test
    public void theDataSourceIsInjectableAndPooledAndItsConfigurationAppliesLive() throws Exception {
        try (Connection c = injected.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT 1")) {
            assertTrue(rs.next());
        }
        assertFalse("plugins cannot close the shared pool", injected instanceof AutoCloseable);
        assertEquals(10, current().getProperty("pool.size"));
        assertTrue(String.valueOf(current().getProperty("url")).startsWith(target().urlPrefix()));

        org.osgi.service.cm.Configuration cfg = configAdmin.getConfiguration("keel.storage", "?");
        Hashtable<String, Object> small = new Hashtable<>(target().storage());
        small.putAll(Map.of("pool.size", 2, "connection.timeout.ms", 500L));
        cfg.update(small);
        try {
            Await.until("pool of 2 registered", () -> poolSize() == 2);
            DataSource pool = context.getService(current());
            try (Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
                assertNotEquals(a.unwrap(Connection.class), b.unwrap(Connection.class));
                long t0 = System.nanoTime();
                try (Connection c = pool.getConnection()) {
                    fail("a third connection from a pool of 2: " + c);
                } catch (SQLException e) {
                    assertTrue(e.getMessage(), e.getMessage().contains("request timed out after"));
                    assertTrue("waited the connection timeout", Duration.ofNanos(System.nanoTime() - t0).toMillis() >= 450);
                }
                Connection physical = a.unwrap(Connection.class);
                a.close();
                try (Connection again = pool.getConnection()) {
                    assertEquals("the freed connection is handed out again", physical, again.unwrap(Connection.class));
                }
            }
        } finally {
            target().restore(cfg);
        }
        Await.until("default pool back", () -> poolSize() == 10);
    }

    // --- helpers ---------------------------------------------------------------

    private ServiceReference<DataSource> current() {
        return new KernelDataSource(context).current();
    }

    private int poolSize() {
        return new KernelDataSource(context).poolSize();
    }

    private List<String> query(String sql) throws SQLException {
        return new KernelDataSource(context).query(sql);
    }

    private boolean tableExists(String name) throws SQLException {
        return !query("SELECT table_name FROM information_schema.tables WHERE LOWER(table_name) = '"
                + name.toLowerCase(java.util.Locale.ROOT) + "'").isEmpty();
    }

    /** Installs and starts a fixture bundle built in {@link #config()}. */
    private Bundle install(String fixture) throws Exception {
        Bundle b = Fixtures.install(context, fixture);
        installed.add(b);
        b.start();
        return b;
    }

    private void businessPluginsActive() {
        awaitBusinessPlugins();
    }

    private PluginStatus state(String name) {
        return plugin(name);
    }

    private PluginStatus version(String name, String version) {
        return plugin(name, version);
    }
}
