package dev.keel.kernel.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallableTest {

    @Test
    void theJarsOfExamplesThenDeployRelativeToTheHome(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve("examples/sub"));
        Files.createDirectories(home.resolve("deploy"));
        Files.writeString(home.resolve("examples/payment-bundle-next.jar"), "");
        Files.writeString(home.resolve("examples/example-plugin.jar"), "");
        Files.writeString(home.resolve("examples/README.txt"), "");
        Files.writeString(home.resolve("examples/sub/deeper.jar"), "");
        Files.writeString(home.resolve("deploy/user-bundle.jar"), "");
        assertEquals(List.of("examples/example-plugin.jar", "examples/payment-bundle-next.jar", "deploy/user-bundle.jar"),
                Installable.jars(home, home.resolve("deploy")));
    }

    @Test
    void aDeployFolderOutsideTheHomeIsNamedInFullAndNoExamplesIsNoJar(@TempDir Path dir) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path deploy = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(deploy.resolve("a.jar"), "");
        assertEquals(List.of(deploy.resolve("a.jar").toAbsolutePath().toString()), Installable.jars(home, deploy));
    }
}
