package dev.keel.support.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

class SqlTest {

    @Test
    void aConstraintViolationIsSqlStateClass23AlsoWhenChained() {
        assertTrue(Sql.isConstraintViolation(new SQLException("dup", "23505")));
        SQLException outer = new SQLException("batch failed", "HY000");
        outer.setNextException(new SQLException("dup", "23000"));
        assertTrue(Sql.isConstraintViolation(outer));
        assertFalse(Sql.isConstraintViolation(new SQLException("lock timeout", "HYT00")));
        assertFalse(Sql.isConstraintViolation(new SQLException("no state")));
    }
}
