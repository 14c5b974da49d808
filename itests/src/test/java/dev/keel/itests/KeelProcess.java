package dev.keel.itests;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A copy of the assembled distribution in a temporary folder (its path has a
 * space in it), run as a process through {@code bin/keel} in the foreground,
 * with its console on a pipe and its output in a file.
 */
public final class KeelProcess implements AutoCloseable {

    private final Path home;
    private final Path output;
    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private OutputStream console;

    private KeelProcess(Path home, Path output, int httpPort) {
        this.home = home;
        this.output = output;
        this.httpPort = httpPort;
    }

    /** Copies the distribution to a fresh folder; nothing runs yet. */
    public static KeelProcess copyOfDistribution() throws IOException {
        Path root = Files.createTempDirectory("keel smoke ");
        Path home = root.resolve("keel home");
        copyTree(KeelOptions.dist(), home);
        return new KeelProcess(home, root.resolve("console.txt"), KeelOptions.freePort());
    }

    public Path home() {
        return home;
    }

    public int httpPort() {
        return httpPort;
    }

    /** Runs {@code bin/keel} from another working directory, console on a pipe. */
    public KeelProcess start() throws IOException {
        Path elsewhere = Files.createDirectories(output.getParent().resolve("cwd"));
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/keel").toString())
                .directory(elsewhere.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().put("KEEL_HTTP_PORT", String.valueOf(httpPort));
        process = pb.start();
        console = process.getOutputStream();
        return this;
    }

    /** Everything the process printed so far. */
    public String output() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Types a line on the console. */
    public void type(String line) throws IOException {
        console.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        console.flush();
    }

    /** Closes the console input, as Ctrl-D does. */
    public void endInput() throws IOException {
        console.close();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Waits for the process to end and returns its exit code. */
    public int waitForExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("Keel did not stop within " + timeout.toSeconds() + " s; output:\n" + output());
        }
        return process.exitValue();
    }

    /** GET on the instance; status -1 when nothing answers. */
    public HttpResponse<String> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The HTTP status of a GET, or -1 when nothing answers. */
    public int status(String path) {
        HttpResponse<String> response = get(path);
        return response == null ? -1 : response.statusCode();
    }

    /** Moves a file into {@code deploy/} in one step, so no half-written jar is seen. */
    public Path deploy(Path jar) throws IOException {
        return Files.move(jar, home.resolve("deploy").resolve(jar.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }

    /** A scratch folder on the same file system as the home. */
    public Path scratch() throws IOException {
        return Files.createDirectories(output.getParent().resolve("scratch"));
    }

    @Override
    public void close() throws IOException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(output.getParent())) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path rel = from.relativize(dir);
                if (rel.startsWith("data")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(rel));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
