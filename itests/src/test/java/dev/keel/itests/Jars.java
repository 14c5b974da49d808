package dev.keel.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/** Builds small jars for tests: plain jars, and bundles made of test classes and resources. */
public final class Jars {

    private Jars() {
    }

    /** A manifest with the given main attributes. */
    public static Manifest manifest(Map<String, String> headers) {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach(m.getMainAttributes()::putValue);
        return m;
    }

    /**
     * Writes a jar with the manifest (none when {@code null}) and entries
     * mapping a path in the jar to its content.
     */
    public static Path write(Path jar, Manifest manifest, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jos = manifest == null ? new JarOutputStream(out) : new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                jos.putNextEntry(new ZipEntry(e.getKey()));
                jos.write(e.getValue());
                jos.closeEntry();
            }
        }
        return jar;
    }

    /** The class file of a test class, as a jar entry name and its bytes. */
    public static Map.Entry<String, byte[]> classEntry(Class<?> type) throws IOException {
        String name = type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no class file for " + type.getName());
            }
            return Map.entry(name, in.readAllBytes());
        }
    }

    /** Copies a bundle with another {@code Bundle-Version}, as a new build of it would be. */
    public static Path withVersion(Path bundle, Path copy, String version) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(bundle))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            Map<String, byte[]> entries = new LinkedHashMap<>();
            for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                if (!e.isDirectory()) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
            return write(copy, manifest, entries);
        }
    }

    /** UTF-8 bytes of a text. */
    public static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
