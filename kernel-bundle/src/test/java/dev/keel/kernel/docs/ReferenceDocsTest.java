package dev.keel.kernel.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The reference pages in {@code docs/} are generated from the code, so they
 * cannot drift: each test renders its page from what bnd generated into
 * {@code target/classes} and fails when the committed page differs. With
 * {@code -Dkeel.docs.write=true} it writes the page instead.
 */
class ReferenceDocsTest {

    private static final Path CLASSES = Path.of("target/classes/OSGI-INF");
    private static final Path DOCS = Path.of("..", "docs");

    @Test
    void configurationReferenceListsEveryPidOfTheKernelsMetatype() throws Exception {
        String page = ConfigurationReference.render(CLASSES.resolve("metatype"));
        for (String pid : List.of("keel.plugins", "keel.http", "keel.governance", "keel.ssh", "keel.log")) {
            assertTrue(page.contains("\n## " + pid + "\n"), "no section for " + pid);
        }
        check("configuration.md", page);
    }

    @Test
    void shellReferenceListsEveryKeelCommandWithItsHelp() throws Exception {
        String page = ShellReference.render(CLASSES);
        for (String command : List.of("`keel:plugins`", "`keel:ready [-t \\| --timeout <seconds>]`",
                "`keel:canary <plugin> <version> <weight>`", "`keel:config <pid> <key> <value>`")) {
            assertTrue(page.contains(command), "no row for " + command + " in\n" + page);
        }
        check("shell.md", page);
    }

    private static void check(String name, String page) throws IOException {
        Path file = DOCS.resolve(name);
        if (Boolean.getBoolean("keel.docs.write")) {
            Files.writeString(file, page, StandardCharsets.UTF_8);
            return;
        }
        String committed = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        if (!committed.equals(page)) {
            fail("docs/" + name + " is out of date with the code (first difference at line " + firstDifference(committed,
                    page) + "): run `" + Generated.WRITE_COMMAND + "` and commit the result");
        }
    }

    static String firstDifference(String a, String b) {
        List<String> x = a.lines().toList();
        List<String> y = b.lines().toList();
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            String l = i < x.size() ? x.get(i) : "(end of file)";
            String r = i < y.size() ? y.get(i) : "(end of file)";
            if (!l.equals(r)) {
                return (i + 1) + ":\n  committed: " + l + "\n  generated: " + r + "\n";
            }
        }
        return "the end (line breaks)";
    }
}
