package dev.keel.kernel.util;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

class StorageFullTest {

    @Test
    void aFullDiskIsRecognisedDeepInTheCauses() {
        IOException os = new IOException("No space left on device");
        SQLException h2 = new SQLException("General error: \"org.h2.mvstore.MVStoreException: Writing to file failed\"",
                "HY000", 50000, new IllegalStateException("write failed", os));
        assertTrue(StorageFull.in(new IllegalStateException("storing the user failed", h2)));
        assertTrue(StorageFull.in(new SQLException("No disk space available", "90100", 90100)));
        assertTrue(StorageFull.in(new SQLException("could not extend file", "53100")));
        IllegalStateException suppressed = new IllegalStateException("commit failed");
        suppressed.addSuppressed(new IOException("Disk quota exceeded"));
        assertTrue(StorageFull.in(suppressed));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(StorageFull.in(new SQLException("Unique index or primary key violation", "23505", 23505)));
        assertFalse(StorageFull.in(new IOException("Connection reset by peer")));
        assertFalse(StorageFull.in(null));
    }
}
