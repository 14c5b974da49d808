package dev.keel.kernel.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.keel.kernel.util.StorageFull;

class DiskReserveTest {

    private final List<String> refused = new ArrayList<>();
    private final List<String> cannot = new ArrayList<>();

    @Test
    void aDiskWithinTheReserveRefusesWritesAsDiskFullAndSaysSo(@TempDir Path dir) {
        DiskReserve reserve = DiskReserve.of(dir, Long.MAX_VALUE / 2, refused::add, cannot::add);
        SQLException e = assertThrows(SQLException.class, reserve::checkWrite);
        assertEquals("53100", e.getSQLState());
        assertTrue(StorageFull.in(e), "answered as storage full (507)");
        assertTrue(e.getMessage().contains("disk.reserve.mb"), e.getMessage());
        assertEquals(List.of(e.getMessage()), refused);
    }

    @Test
    void aDiskWithRoomLetsWritesThrough(@TempDir Path dir) throws SQLException {
        DiskReserve reserve = DiskReserve.of(dir, 1, refused::add, cannot::add);
        reserve.checkWrite();
        assertTrue(refused.isEmpty());
    }

    @Test
    void noFolderOrNoReserveIsNoneAndAnUnreadableFolderIsSaid(@TempDir Path dir) throws SQLException {
        assertSame(DiskReserve.NONE, DiskReserve.of(null, 1 << 20, refused::add, cannot::add));
        assertSame(DiskReserve.NONE, DiskReserve.of(dir, 0, refused::add, cannot::add));
        assertSame(DiskReserve.NONE, DiskReserve.of(dir.resolve("gone"), 1 << 20, refused::add, cannot::add));
        assertEquals(1, cannot.size(), cannot.toString());
        DiskReserve.NONE.checkWrite();
    }

    @Test
    void onlyStatementsThatReadPassUnderTheReserve() {
        for (String read : List.of("SELECT 1", "  select * from t", "(SELECT 1) UNION (SELECT 2)",
                "WITH x AS (SELECT 1) SELECT * FROM x", "VALUES (1)", "EXPLAIN SELECT 1", "SHOW TABLES")) {
            assertTrue(DiskReserve.reads(read), read);
        }
        for (String write : List.of("INSERT INTO t VALUES (1)", "update t set a = 1", "DELETE FROM t",
                "MERGE INTO t KEY (id) VALUES (1)", "CREATE TABLE x (a INT)", "CALL f()", "", "   ")) {
            assertFalse(DiskReserve.reads(write), write);
        }
        assertFalse(DiskReserve.reads(null));
    }
}
