package dev.keel.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CfgFilesTest {

    @TempDir
    Path etc;

    @Test
    void aPidWithAPathInItIsRefusedWithWhatIsAllowed() {
        for (String bad : new String[] {"../../x", "a/b", "..", ".hidden", "", "a b", "x\ny", "(service.pid=*)",
                "/etc/passwd", "a\\b"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CfgFiles.fileOf(etc, bad),
                    bad);
            assertTrue(e.getMessage().startsWith("not a valid PID: "), e.getMessage());
            assertTrue(e.getMessage().contains("letters, digits, '.', '_' and '-' only"), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
        assertEquals(etc.toAbsolutePath().resolve("org.apache.felix.http.cfg"),
                CfgFiles.fileOf(etc, "org.apache.felix.http"));
        assertEquals(etc.toAbsolutePath().resolve("keel.ssh-1.cfg"), CfgFiles.fileOf(etc, "keel.ssh-1"));
    }

    @Test
    void aWriteReplacesTheFileWholeKeepsItsModesAndChangesItsModificationTime() throws Exception {
        Path file = etc.resolve("keel.storage.cfg");
        Files.writeString(file, "password=old\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        FileTime future = FileTime.fromMillis(System.currentTimeMillis() + 60_000);
        Files.setLastModifiedTime(file, future);

        CfgFiles.write(file, "password=new\n");

        assertEquals("password=new\n", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.getLastModifiedTime(file).compareTo(future) > 0, "FileInstall must see a new time");
        try (var left = Files.list(etc)) {
            assertEquals(1, left.count(), "no temporary file left");
        }
    }

    @Test
    void aNewFileIsOwnerOnly() throws Exception {
        Path file = etc.resolve("keel.log.cfg");
        CfgFiles.write(file, "a=1\n");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}
