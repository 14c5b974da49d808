package dev.keel.support.store;

import java.sql.SQLException;

/** What a plugin store needs to tell apart in a database error, the same on H2 and PostgreSQL. */
public final class Sql {

    private Sql() {
    }

    /**
     * Whether {@code e} (or an exception chained to it) is an integrity
     * constraint violation, SQLState class 23: a unique key or primary key
     * already taken, e.g. an idempotency key used by a concurrent request.
     */
    public static boolean isConstraintViolation(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if (s.getSQLState() != null && s.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }
}
