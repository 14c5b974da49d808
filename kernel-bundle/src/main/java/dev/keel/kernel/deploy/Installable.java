package dev.keel.kernel.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The jars an operator may pick to install: those in the Keel home's {@code examples/} and {@code deploy/}. */
final class Installable {

    private Installable() {
    }

    /** Locations relative to the home where a jar lies below it ({@code examples/payment-bundle-next.jar}), sorted. */
    static List<String> jars(Path home, Path deployDir) {
        Path h = home.toAbsolutePath().normalize();
        List<String> out = new ArrayList<>();
        for (Path folder : List.of(h.resolve("examples"), deployDir.toAbsolutePath().normalize())) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            List<String> here = new ArrayList<>();
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(folder, "*.jar")) {
                for (Path jar : jars) {
                    if (Files.isRegularFile(jar)) {
                        here.add((jar.startsWith(h) ? h.relativize(jar) : jar).toString().replace('\\', '/'));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder, e);
            }
            here.sort(null);
            out.addAll(here);
        }
        return out;
    }
}
