package dev.keel.kernel.storage;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import javax.sql.DataSource;

/**
 * Applies one plugin's migrations to a database: the missing ones, in
 * version order, each in its own transaction, recorded in
 * {@code keel_migrations} per plugin with the plugin version that applied it.
 * A migration recorded already (by any version of the plugin) is not applied
 * again; one whose file changed since is an error naming the file.
 */
final class Migrator {

    static final String TABLE = "keel_migrations";
    /** Longest database message kept in a failure line (H2 syntax errors list every expected keyword). */
    static final int MAX_MESSAGE = 200;

    private static final String CREATE = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
            + "plugin VARCHAR(200) NOT NULL, version BIGINT NOT NULL, description VARCHAR(500) NOT NULL, "
            + "script VARCHAR(500) NOT NULL, checksum VARCHAR(64) NOT NULL, plugin_version VARCHAR(100) NOT NULL, "
            + "applied_at TIMESTAMP NOT NULL, PRIMARY KEY (plugin, version))";

    private record Applied(String checksum, String pluginVersion) {
    }

    private final DataSource dataSource;
    private final Consumer<String> note;

    /** @param note where to say what was cleaned up after a failure */
    Migrator(DataSource dataSource, Consumer<String> note) {
        this.dataSource = dataSource;
        this.note = note;
    }

    /**
     * Applies what is missing of {@code files} for {@code plugin}.
     *
     * @return the files applied now, in order
     */
    List<MigrationFile> migrate(String plugin, String pluginVersion, List<MigrationFile> files) throws MigrationException {
        List<MigrationFile> ordered = MigrationFile.ordered(files);
        List<MigrationFile> done = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute(CREATE);
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
            Map<Long, Applied> applied = applied(c, plugin);
            for (MigrationFile f : ordered) {
                Applied before = applied.get(f.version());
                if (before == null) {
                    apply(c, plugin, pluginVersion, f);
                    done.add(f);
                } else if (!before.checksum().equals(f.checksum())) {
                    throw new MigrationException(f.path() + " was changed after " + plugin + " " + before.pluginVersion()
                            + " applied it (checksum differs); add a new migration instead");
                }
            }
        } catch (SQLException e) {
            throw new MigrationException("storage: " + message(e), e);
        }
        return done;
    }

    private static Map<Long, Applied> applied(Connection c, String plugin) throws SQLException {
        Map<Long, Applied> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT version, checksum, plugin_version FROM " + TABLE + " WHERE plugin = ?")) {
            ps.setString(1, plugin);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new Applied(rs.getString(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    private void apply(Connection c, String plugin, String pluginVersion, MigrationFile f) throws MigrationException, SQLException {
        boolean autoCommit = c.getAutoCommit();
        Set<String> tablesBefore = tables(c);
        c.setAutoCommit(false);
        String where = "";
        try (Statement st = c.createStatement()) {
            List<SqlScript.Statement> statements = SqlScript.split(f.sql());
            for (int i = 0; i < statements.size(); i++) {
                SqlScript.Statement s = statements.get(i);
                where = " at statement " + (i + 1) + " (line " + s.line() + ")";
                st.execute(s.sql());
            }
            where = " when recording it in " + TABLE;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
                    + " (plugin, version, description, script, checksum, plugin_version, applied_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, plugin);
                ps.setLong(2, f.version());
                ps.setString(3, f.description());
                ps.setString(4, f.path());
                ps.setString(5, f.checksum());
                ps.setString(6, pluginVersion);
                ps.setTimestamp(7, Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            dropCreatedTables(c, tablesBefore);
            throw new MigrationException(f.path() + " failed" + where + ": " + message(e), e);
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * Databases whose DDL commits by itself (H2) keep tables a failed
     * migration created before its failing statement: drop them, so nothing
     * of the migration stays. On PostgreSQL the rollback already did it.
     */
    private void dropCreatedTables(Connection c, Set<String> before) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try {
            DatabaseMetaData meta = c.getMetaData();
            String quote = meta.getIdentifierQuoteString().strip();
            for (String table : tables(c)) {
                if (!before.contains(table)) {
                    String[] parts = table.split("\\.", 2);
                    try (Statement st = c.createStatement()) {
                        st.execute("DROP TABLE " + quote + parts[0] + quote + "." + quote + parts[1] + quote);
                        note.accept("dropped table " + table + " that the failed migration had created");
                    }
                }
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static Set<String> tables(Connection c) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                out.add(rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME"));
            }
        }
        return out;
    }

    /** The first line of a database error, without H2's trailing "; SQL statement:". */
    static String message(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String first = m.lines().findFirst().orElse(m).strip();
        if (first.endsWith("; SQL statement:")) {
            first = first.substring(0, first.length() - "; SQL statement:".length());
        }
        return first.length() <= MAX_MESSAGE ? first : first.substring(0, MAX_MESSAGE) + "...";
    }
}
