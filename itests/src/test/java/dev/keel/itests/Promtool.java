package dev.keel.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds {@code promtool}, installing the Debian package {@code prometheus} when it is missing (as root). */
final class Promtool {

    private Promtool() {
    }

    static synchronized String path() throws IOException, InterruptedException {
        for (String p : List.of("/usr/bin/promtool", "/usr/local/bin/promtool")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        run("apt-get", "update", "-qq");
        run("apt-get", "install", "-y", "-qq", "prometheus");
        if (Files.isExecutable(Path.of("/usr/bin/promtool"))) {
            return "/usr/bin/promtool";
        }
        throw new AssertionError("promtool is missing and apt-get install -y prometheus did not provide it");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " took more than 10 minutes");
        }
    }
}
