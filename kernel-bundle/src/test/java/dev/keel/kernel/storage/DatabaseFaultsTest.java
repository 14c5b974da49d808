package dev.keel.kernel.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.SQLExceptionOverride.Override;

class DatabaseFaultsTest {

    private final DatabaseFaults faults = new DatabaseFaults("jdbc:h2:file:async:/x/keel");

    @Test
    void aFullDiskEvictsTheConnectionAndReadinessSaysWhy() {
        assertNull(faults.problem());
        SQLException full = new SQLException("General error", "HY000", 50000,
                new IOException("No space left on device"));
        assertEquals(Override.MUST_EVICT, faults.adjudicate(full));
        String problem = faults.problem();
        assertTrue(problem != null && problem.contains("disk is full") && problem.contains("507"), problem);
    }

    @Test
    void aClosedStoreIsEvictedSoTheNextConnectionOpensItAgain() {
        assertEquals(Override.MUST_EVICT, faults.adjudicate(new SQLException("Database is already closed",
                "90098", 90098)));
        assertNull(faults.problem(), "closed, not full");
        assertEquals(Override.CONTINUE_EVICT, faults.adjudicate(new SQLException("duplicate", "23505", 23505)));
    }
}
