package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * The business bundles of the distribution talk to each other only through
 * the contracts: none exports a package, none imports another's.
 */
public class BusinessManifestsIT {

    private static final List<String> BUSINESS = List.of("dev.keel.user", "dev.keel.order", "dev.keel.payment");

    @Test
    public void businessBundlesExportNothingAndImportOnlyContracts() throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(KeelOptions.dist().resolve("deploy"))) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).toList();
        }
        assertEquals("three business bundles in deploy/: " + jars, 3, jars.size());
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                Manifest m = file.getManifest();
                assertNull(jar + " exports packages", m.getMainAttributes().getValue("Export-Package"));
                String imports = m.getMainAttributes().getValue("Import-Package");
                for (String pkg : imports.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
                    String name = pkg.split(";")[0].trim();
                    assertTrue(jar.getFileName() + " imports a business package: " + name,
                            BUSINESS.stream().noneMatch(b -> name.equals(b) || name.startsWith(b + ".")));
                }
            }
        }
    }
}
