package dev.keel.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeelHomeTest {

    @TempDir
    Path tmp;

    @Test
    void findsTheDistributionInItsFolderOrOneBelow() throws Exception {
        Path dist = Files.createDirectories(tmp.resolve("keel/keel-1.0/bin"));
        Files.writeString(dist.resolve("keel"), "#!/bin/sh\n");
        assertEquals(dist.getParent(), KeelHome.distribution(tmp.resolve("keel")));
        assertEquals(dist.getParent(), KeelHome.distribution(dist.getParent()));
        assertThrows(IllegalStateException.class, () -> KeelHome.distribution(Files.createDirectories(tmp.resolve("x"))));
    }

    @Test
    void copiesWithoutData() throws Exception {
        Path dist = tmp.resolve("dist");
        Files.createDirectories(dist.resolve("bin"));
        Files.createDirectories(dist.resolve("data/db"));
        Files.createDirectories(dist.resolve("deploy"));
        Files.writeString(dist.resolve("bin/keel"), "#!/bin/sh\n");
        Files.writeString(dist.resolve("data/db/old.mv.db"), "old");
        Path home = tmp.resolve("home");
        KeelHome.copy(dist, home);
        assertTrue(Files.isExecutable(home.resolve("bin/keel")));
        assertTrue(Files.isDirectory(home.resolve("deploy")));
        assertTrue(Files.notExists(home.resolve("data")));
    }

    @Test
    void deploysAJarUnderItsNameAndCountsPluginJars() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("deploy"));
        Files.writeString(home.resolve("deploy/README.txt"), "not a jar");
        Path jar = jar(tmp.resolve("inventory-1.0.jar"), "osgi.service;objectClass:List<String>=\"dev.keel.api.Plugin\"");
        KeelHome.deploy(home, jar);
        long size = Files.size(jar);
        KeelHome.deploy(home, jar(jar, "osgi.service;objectClass:List<String>=\"dev.keel.api.Plugin\","
                + "osgi.service;objectClass:List<String>=\"jakarta.servlet.Servlet\""));
        assertTrue(Files.size(home.resolve("deploy/inventory-1.0.jar")) > size, "replaced by the second copy");
        KeelHome.deploy(home, jar(tmp.resolve("library.jar"), null));
        assertEquals(1, KeelHome.deployed(home), "the library bundle is no plugin");
    }

    private static Path jar(Path path, String provides) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (provides != null) {
            manifest.getMainAttributes().putValue("Provide-Capability", provides);
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(path), manifest)) {
            out.putNextEntry(new JarEntry("a.txt"));
            out.write(1);
        }
        return path;
    }

    @Test
    void writesAConfigurationFile() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home/etc")).getParent();
        KeelHome.config(home, "keel.inventory: greeting=Hi, limit = 3");
        assertEquals(List.of("greeting=Hi", "limit = 3"), Files.readAllLines(home.resolve("etc/keel.inventory.cfg")));
        assertThrows(IllegalArgumentException.class, () -> KeelHome.config(home, "no pid here"));
    }

    @Test
    void addsAUserWhosePasswordMatchesItsHash() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home/etc")).getParent();
        String password = KeelHome.addUser(home, "keel-test-viewer", "viewer");
        String[] line = Files.readString(home.resolve("etc/keel.users"), StandardCharsets.UTF_8).strip().split(" ");
        assertEquals("keel-test-viewer", line[0]);
        assertEquals("viewer", line[1]);
        String[] hash = line[2].split(":");
        assertEquals("pbkdf2-sha256", hash[0]);
        byte[] expected = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(new PBEKeySpec(
                password.toCharArray(), Base64.getDecoder().decode(hash[2]), Integer.parseInt(hash[1]), 256))
                .getEncoded();
        assertEquals(Base64.getEncoder().encodeToString(expected), hash[3]);
    }

    @Test
    void freePortsAreUsable() throws Exception {
        int port = KeelHome.freePort();
        assertTrue(port > 0 && port < 65536);
    }
}
