package dev.keel.kernel.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class MigrationFileTest {

    private static MigrationFile file(String path, String sql) throws MigrationException {
        return MigrationFile.of(path, sql.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsVersionAndDescriptionFromTheName() throws Exception {
        MigrationFile f = file("db/migration/V12__create_order_lines.sql", "SELECT 1;");
        assertEquals(12, f.version());
        assertEquals("create order lines", f.description());
        assertEquals("V12__create_order_lines.sql", f.fileName());
        assertEquals("db/migration/V12__create_order_lines.sql", f.path());
    }

    @Test
    void rejectsNamesThatAreNotMigrations() {
        for (String bad : List.of("V1_init.sql", "v1__init.sql", "V__init.sql", "V1__.sql", "V1__init.SQL", "1__init.sql",
                "Vx__init.sql")) {
            MigrationException e = assertThrows(MigrationException.class, () -> file("db/migration/" + bad, ""));
            assertEquals("db/migration/" + bad + " is not named V<n>__<description>.sql", e.getMessage());
        }
    }

    @Test
    void ordersNumericallyNotByName() throws Exception {
        List<MigrationFile> ordered = MigrationFile.ordered(List.of(file("m/V10__c.sql", ""), file("m/V2__b.sql", ""),
                file("m/V1__a.sql", ""), file("m/V100__d.sql", "")));
        assertEquals(List.of(1L, 2L, 10L, 100L), ordered.stream().map(MigrationFile::version).toList());
    }

    @Test
    void twoFilesWithOneVersionAreAnError() throws Exception {
        MigrationException e = assertThrows(MigrationException.class,
                () -> MigrationFile.ordered(List.of(file("m/V1__a.sql", ""), file("m/V01__b.sql", ""))));
        assertEquals("m/V1__a.sql and m/V01__b.sql both have version 1", e.getMessage());
    }

    @Test
    void theChecksumIgnoresLineEndsButNotContent() throws Exception {
        String unix = file("m/V1__a.sql", "CREATE TABLE a (id INT);\nINSERT INTO a VALUES (1);\n").checksum();
        String windows = file("m/V1__a.sql", "CREATE TABLE a (id INT);\r\nINSERT INTO a VALUES (1);\r\n").checksum();
        String changed = file("m/V1__a.sql", "CREATE TABLE a (id INT);\nINSERT INTO a VALUES (2);\n").checksum();
        assertEquals(unix, windows);
        assertNotEquals(unix, changed);
        assertEquals(64, unix.length());
    }
}
