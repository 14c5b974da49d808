package dev.keel.user.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/** A fresh in-memory H2 with the plugin's migrations applied in order, as the kernel's extender would. */
final class TestDb {

    private static final String[] MIGRATIONS = {"V1__users.sql", "V2__user_password.sql"};

    private TestDb() {
    }

    static DataSource migrated() throws SQLException {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:user-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String m : MIGRATIONS) {
                // like the kernel's migrations: lines starting with -- are comments, a ; at a line's end ends a statement
                for (String sql : script(m).replaceAll("(?m)^\\s*--.*$", "").split(";\\s*\n")) {
                    if (!sql.isBlank()) {
                        s.execute(sql);
                    }
                }
            }
        }
        return db;
    }

    private static String script(String name) {
        try (InputStream in = TestDb.class.getResourceAsStream("/db/migration/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no migration " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
