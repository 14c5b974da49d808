package dev.keel.kernel.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The migration rules on an in-memory H2 (the database the kernel embeds). */
class MigratorTest {

    private final JdbcDataSource db = new JdbcDataSource();
    private final List<String> notes = new ArrayList<>();
    private final Migrator migrator = new Migrator(db, notes::add);

    MigratorTest() {
        db.setURL("jdbc:h2:mem:" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        db.setUser("sa");
    }

    private static MigrationFile file(String name, String sql) throws MigrationException {
        return MigrationFile.of("db/migration/" + name, sql.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void appliesMissingMigrationsOnceInVersionOrder() throws Exception {
        List<MigrationFile> files = List.of(file("V10__third.sql", "INSERT INTO t VALUES (10);"),
                file("V1__first.sql", "CREATE TABLE t (n INT);"), file("V2__second.sql", "INSERT INTO t VALUES (2);"));

        assertEquals(List.of(1L, 2L, 10L), migrator.migrate("p", "1.0.0", files).stream().map(MigrationFile::version).toList());
        assertEquals(List.of(), migrator.migrate("p", "1.0.0", files));
        assertEquals(List.of("2", "10"), query("SELECT n FROM t ORDER BY n"));
        assertEquals(List.of("p 1 first 1.0.0", "p 2 second 1.0.0", "p 10 third 1.0.0"),
                query("SELECT plugin || ' ' || version || ' ' || description || ' ' || plugin_version FROM keel_migrations ORDER BY version"));
    }

    @Test
    void aFailingMigrationRollsBackItselfOnlyAndNamesFileStatementAndLine() throws Exception {
        List<MigrationFile> files = List.of(file("V1__ok.sql", "CREATE TABLE ok (n INT);"),
                file("V2__broken.sql", "CREATE TABLE partial (n INT);\nINSERT INTO partial VALUES (1);\n\nINSERT INTO nope VALUES (1);"),
                file("V3__never.sql", "CREATE TABLE never (n INT);"));

        MigrationException e = assertThrows(MigrationException.class, () -> migrator.migrate("p", "1.0.0", files));

        assertEquals("db/migration/V2__broken.sql failed at statement 3 (line 4): Table \"NOPE\" not found", e.getMessage());
        assertTrue(tableExists("OK"));
        assertFalse(tableExists("PARTIAL"), "the failed migration left a table");
        assertFalse(tableExists("NEVER"));
        assertEquals(List.of("1"), query("SELECT version FROM keel_migrations"));
        assertEquals(List.of("dropped table PUBLIC.PARTIAL that the failed migration had created"), notes);
    }

    @Test
    void anotherVersionOfThePluginSkipsWhatIsAppliedAndRecordsItsOwn() throws Exception {
        MigrationFile v1 = file("V1__a.sql", "CREATE TABLE a (n INT);");
        MigrationFile v2 = file("V2__b.sql", "CREATE TABLE b (n INT);");
        migrator.migrate("p", "1.0.0", List.of(v1));
        migrator.migrate("p", "1.1.0", List.of(v1, v2));
        migrator.migrate("p", "1.0.0", List.of(v1));
        assertEquals(List.of("1 1.0.0", "2 1.1.0"),
                query("SELECT version || ' ' || plugin_version FROM keel_migrations ORDER BY version"));
    }

    @Test
    void pluginsHaveTheirOwnVersionNumbers() throws Exception {
        migrator.migrate("a", "1.0.0", List.of(file("V1__a.sql", "CREATE TABLE a (n INT);")));
        migrator.migrate("b", "1.0.0", List.of(file("V1__b.sql", "CREATE TABLE b (n INT);")));
        assertTrue(tableExists("A") && tableExists("B"));
    }

    @Test
    void aChangedAppliedMigrationIsAnErrorNamingTheFile() throws Exception {
        migrator.migrate("p", "1.0.0", List.of(file("V1__a.sql", "CREATE TABLE a (n INT);")));
        MigrationException e = assertThrows(MigrationException.class, () -> migrator.migrate("p", "1.2.0",
                List.of(file("V1__a.sql", "CREATE TABLE a (n BIGINT);"), file("V2__b.sql", "CREATE TABLE b (n INT);"))));
        assertEquals("db/migration/V1__a.sql was changed after p 1.0.0 applied it (checksum differs); add a new migration instead",
                e.getMessage());
        assertFalse(tableExists("B"));
    }

    @Test
    void longDatabaseMessagesAreCutToOneShortLine() {
        String m = Migrator.message(new SQLException("Syntax error " + "x".repeat(400) + "\nsecond line"));
        assertEquals(Migrator.MAX_MESSAGE + 3, m.length());
        assertTrue(m.startsWith("Syntax error xxx") && m.endsWith("..."), m);
        assertEquals("Table \"NOPE\" not found", Migrator.message(new SQLException("Table \"NOPE\" not found; SQL statement:\nINSERT")));
    }

    private boolean tableExists(String name) throws SQLException {
        try (Connection c = db.getConnection(); ResultSet rs = c.getMetaData().getTables(null, "PUBLIC", name, null)) {
            return rs.next();
        }
    }

    private List<String> query(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
