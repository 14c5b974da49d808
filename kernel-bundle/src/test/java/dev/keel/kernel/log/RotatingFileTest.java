package dev.keel.kernel.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileTest {

    @TempDir
    Path dir;

    @Test
    void rotatesBeforeTheLimitAndKeepsAtMostMaxFiles() throws IOException {
        Path log = dir.resolve("log/keel.log");
        try (RotatingFile file = new RotatingFile(log, 200, 3)) {
            for (int i = 0; i < 100; i++) {
                file.write(String.format("line %03d of the log, forty bytes long", i));
            }
        }
        assertTrue(Files.exists(log));
        assertTrue(Files.exists(dir.resolve("log/keel.log.1")));
        assertTrue(Files.exists(dir.resolve("log/keel.log.2")));
        assertFalse(Files.exists(dir.resolve("log/keel.log.3")));
        try (var files = Files.list(dir.resolve("log"))) {
            assertEquals(3, files.count());
        }
        for (String name : List.of("keel.log", "keel.log.1", "keel.log.2")) {
            long size = Files.size(dir.resolve("log").resolve(name));
            assertTrue(size <= 200 && size > 0, name + " has " + size + " bytes");
        }
        // the newest lines in keel.log, the ones before them in keel.log.1, without a gap
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("log/keel.log.2")));
        lines.addAll(Files.readAllLines(dir.resolve("log/keel.log.1")));
        lines.addAll(Files.readAllLines(log));
        assertTrue(lines.get(lines.size() - 1).startsWith("line 099"), lines.toString());
        int first = Integer.parseInt(lines.get(0).substring(5, 8));
        for (int i = 0; i < lines.size(); i++) {
            assertTrue(lines.get(i).startsWith(String.format("line %03d", first + i)), lines.toString());
        }
    }

    @Test
    void appendsToAnExistingFileAndDropsSurplusRotationsWhenTheLimitShrinks() throws IOException {
        Path log = dir.resolve("keel.log");
        try (RotatingFile file = new RotatingFile(log, 100, 5)) {
            for (int i = 0; i < 30; i++) {
                file.write("record " + i + " is here");
            }
        }
        assertTrue(Files.exists(dir.resolve("keel.log.4")));
        try (RotatingFile file = new RotatingFile(log, 1000, 2)) {
            file.write("after restart");
        }
        assertTrue(Files.exists(dir.resolve("keel.log.1")));
        assertFalse(Files.exists(dir.resolve("keel.log.2")));
        assertFalse(Files.exists(dir.resolve("keel.log.4")));
        List<String> lines = Files.readAllLines(log);
        assertEquals("after restart", lines.get(lines.size() - 1));
        assertTrue(lines.size() > 1, "appended, not truncated: " + lines);
    }

    @Test
    void withOneFileTheLogStartsOver() throws IOException {
        Path log = dir.resolve("keel.log");
        try (RotatingFile file = new RotatingFile(log, 50, 1)) {
            for (int i = 0; i < 10; i++) {
                file.write("entry number " + i + " ok");
            }
        }
        assertFalse(Files.exists(dir.resolve("keel.log.1")));
        assertTrue(Files.size(log) <= 50);
        assertTrue(Files.readAllLines(log).contains("entry number 9 ok"));
    }
}
