package dev.keel.kernel.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployMonitorTest {

    @TempDir
    Path dir;

    private Path jar(String name, Manifest manifest) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jos = manifest == null ? new JarOutputStream(out) : new JarOutputStream(out, manifest)) {
            jos.putNextEntry(new ZipEntry("readme.txt"));
            jos.write("hello".getBytes());
            jos.closeEntry();
        }
        return jar;
    }

    private static Manifest manifest(String symbolicName) {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            m.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        }
        return m;
    }

    @Test
    void aJarWithoutManifestIsNotABundle() throws IOException {
        assertEquals("not an OSGi bundle: the jar has no META-INF/MANIFEST.MF",
                DeployMonitor.notBundleReason(jar("plain.jar", null).toFile()));
    }

    @Test
    void aManifestWithoutSymbolicNameIsNotABundle() throws IOException {
        assertEquals("not an OSGi bundle: its manifest has no Bundle-SymbolicName",
                DeployMonitor.notBundleReason(jar("app.jar", manifest(null)).toFile()));
    }

    @Test
    void aBundleHasNoReason() throws IOException {
        assertNull(DeployMonitor.notBundleReason(jar("good.jar", manifest("dev.example.good")).toFile()));
    }

    @Test
    void garbageIsNotAReadableJar() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.jar"), "this is no zip");
        String reason = DeployMonitor.notBundleReason(junk.toFile());
        assertTrue(reason.startsWith("not a readable jar: "), reason);
    }
}
