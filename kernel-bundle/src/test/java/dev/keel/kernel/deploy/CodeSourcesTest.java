package dev.keel.kernel.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeSourcesTest {

    /** SHA-256 of the three bytes "jar" (as sha256sum prints it). */
    private static final String SHA_OF_JAR = "0163f1eea7894350060624d315234d40c508ab251ba121714e234503045faadd";

    @TempDir
    Path root;

    private Path home() throws Exception {
        return Files.createDirectories(root.resolve("home")).toRealPath();
    }

    private static IllegalArgumentException refused(CodeSources sources, String location) {
        return assertThrows(IllegalArgumentException.class, () -> sources.location(location));
    }

    @Test
    void aJarUnderTheHomeIsAllowedByRelativeOrAbsolutePathOrFileUri() throws Exception {
        Path home = home();
        Path jar = Files.writeString(Files.createDirectories(home.resolve("deploy")).resolve("p.jar"), "jar");
        CodeSources sources = new CodeSources(home, List.of(home), false);

        assertEquals(jar.toUri().toString(), sources.location("deploy/p.jar"));
        assertEquals(jar.toUri().toString(), sources.location(jar.toString()));
        assertEquals(jar.toUri().toString(), sources.location(jar.toUri().toString()));
    }

    @Test
    void aJarOutsideTheHomeIsRefusedHoweverItIsNamed() throws Exception {
        Path home = home();
        Path outside = Files.writeString(root.resolve("evil.jar"), "jar");
        CodeSources sources = new CodeSources(home, List.of(home), false);

        assertTrue(refused(sources, outside.toString()).getMessage().contains("outside the Keel home"));
        assertTrue(refused(sources, "../evil.jar").getMessage().contains("outside the Keel home"));
        assertTrue(refused(sources, outside.toUri().toString()).getMessage().contains("outside the Keel home"));
    }

    @Test
    void aSymbolicLinkFromTheHomeToElsewhereIsRefused() throws Exception {
        Path home = home();
        Path outside = Files.writeString(root.resolve("evil.jar"), "jar");
        Files.createSymbolicLink(home.resolve("innocent.jar"), outside);
        CodeSources sources = new CodeSources(home, List.of(home), false);

        assertTrue(refused(sources, "innocent.jar").getMessage().contains("outside the Keel home"));
    }

    @Test
    void aConfiguredFolderIsAllowedToo() throws Exception {
        Path home = home();
        Path builds = Files.createDirectories(root.resolve("builds"));
        Path jar = Files.writeString(builds.resolve("p.jar"), "jar").toRealPath();
        CodeSources sources = new CodeSources(home, List.of(home, builds), false);

        assertEquals(jar.toUri().toString(), sources.location(jar.toString()));
    }

    @Test
    void httpsIsAllowedPlainHttpOnlyWhenConfiguredOtherSchemesNever() throws Exception {
        Path home = home();
        CodeSources strict = new CodeSources(home, List.of(home), false);
        CodeSources lenient = new CodeSources(home, List.of(home), true);

        assertEquals("https://repo.example/p.jar", strict.location("https://repo.example/p.jar"));
        IllegalArgumentException http = refused(strict, "http://127.0.0.1:8000/evil.jar");
        assertTrue(http.getMessage().contains("plain http://"), http.getMessage());
        assertTrue(http.getMessage().contains("allow.http"), http.getMessage());
        assertEquals("http://127.0.0.1:8000/p.jar", lenient.location("http://127.0.0.1:8000/p.jar"));
        for (String other : List.of("ftp://repo.example/p.jar", "jar:file:/x.jar!/", "mvn:dev.keel/p/1.0.0",
                "reference:file:/tmp/p.jar")) {
            assertTrue(refused(lenient, other).getMessage().startsWith("refused: "), other);
        }
        assertTrue(refused(strict, "  ").getMessage().startsWith("no location given"));
    }

    @Test
    void theArtifactIsReadWithItsSha256() throws Exception {
        Path home = home();
        Files.writeString(home.resolve("p.jar"), "jar");
        CodeSources sources = new CodeSources(home, List.of(home), false);

        CodeSources.Artifact a = sources.fetch("p.jar", null);
        assertArrayEquals("jar".getBytes(StandardCharsets.US_ASCII), a.bytes());
        assertEquals(64, a.sha256().length());
        assertEquals(SHA_OF_JAR, a.sha256());
        assertEquals(home.resolve("p.jar").toUri().toString(), a.location());
    }

    @Test
    void aRequiredSha256MustMatchBeforeAnythingIsInstalled() throws Exception {
        Path home = home();
        Files.writeString(home.resolve("p.jar"), "jar");
        CodeSources sources = new CodeSources(home, List.of(home), false);

        assertEquals(SHA_OF_JAR, sources.fetch("p.jar", SHA_OF_JAR.toUpperCase()).sha256(), "hex in any case");
        String other = "0".repeat(64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sources.fetch("p.jar", other));
        assertTrue(e.getMessage().startsWith("SHA-256 mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains(other) && e.getMessage().contains(SHA_OF_JAR), e.getMessage());
        CodeSources.Artifact[] seen = new CodeSources.Artifact[1];
        assertThrows(IllegalArgumentException.class, () -> sources.fetch("p.jar", other, a -> seen[0] = a));
        assertEquals(SHA_OF_JAR, seen[0].sha256(), "the audit line gets the hash found, also on a mismatch");
        e = assertThrows(IllegalArgumentException.class, () -> sources.fetch("p.jar", "abc"));
        assertEquals("sha256 must be 64 hex digits, not abc", e.getMessage());
    }

    @Test
    void aMalformedSha256IsRefusedBeforeTheLocationIsRead() throws Exception {
        CodeSources sources = new CodeSources(home(), List.of(home()), false);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sources.fetch("https://unreachable.invalid/p.jar", "xyz"));
        assertTrue(e.getMessage().startsWith("sha256 must be"), e.getMessage());
    }
}
