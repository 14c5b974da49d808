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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A copy of the assembled distribution in a temporary folder (its path has a
 * space in it), on free HTTP and SSH ports: run as a process through
 * {@code bin/keel} in the foreground, with its console on a pipe and its output
 * in a file ({@link #start()}), or operated through {@code bin/keel start},
 * {@code status}, {@code client}, {@code stop} ({@link #command}).
 */
public final class KeelProcess implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    private final Path home;
    private final Path output;
    private final int httpPort;
    private final int sshPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private OutputStream console;
    private volatile String token;
    /** The address its HTTP is reached at, and what runs {@code bin/keel} (e.g. {@code ip netns exec NAME}). */
    private volatile String host = "127.0.0.1";
    private volatile List<String> launcher = List.of();

    private KeelProcess(Path home, Path output, int httpPort, int sshPort) {
        this.home = home;
        this.output = output;
        this.httpPort = httpPort;
        this.sshPort = sshPort;
    }

    /** What a {@code bin/keel} command printed and its exit code. */
    public record Result(int exit, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    /** Copies the distribution to a fresh folder; nothing runs yet. */
    public static KeelProcess copyOfDistribution() throws IOException {
        Path root = Files.createTempDirectory("keel smoke ");
        Path home = root.resolve("keel home");
        copyTree(KeelOptions.dist(), home);
        // the operator the tests log in as (POST /auth/token), written before the first start as an operator would
        Operators.writeTestOperator(home);
        int http = KeelOptions.freePort();
        int ssh = KeelOptions.freePort();
        while (ssh == http) {
            ssh = KeelOptions.freePort();
        }
        return new KeelProcess(home, root.resolve("console.txt"), http, ssh);
    }

    public Path home() {
        return home;
    }

    /**
     * Copies this home with {@code cp -a} (as an operator copies or moves an
     * installed Keel, {@code data/} included) to a new folder beside it; the
     * copy uses the same ports, so stop this one first.
     */
    public KeelProcess copyWithCpA() throws IOException, InterruptedException {
        Path root = Files.createDirectories(output.getParent().resolve("copy"));
        Path copy = root.resolve("keel copy");
        Process cp = new ProcessBuilder("cp", "-a", home.toString(), copy.toString()).inheritIO().start();
        if (!cp.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || cp.exitValue() != 0) {
            throw new AssertionError("cp -a " + home + " " + copy + " failed");
        }
        return new KeelProcess(copy, root.resolve("console.txt"), httpPort, sshPort);
    }

    /**
     * Runs this instance's {@code bin/keel} through {@code launcher} (e.g.
     * {@code ip netns exec NAME}: in a network namespace of the test's own) and
     * reaches its HTTP at {@code address} instead of 127.0.0.1.
     */
    public KeelProcess on(String address, List<String> launcher) {
        this.host = address;
        this.launcher = List.copyOf(launcher);
        return this;
    }

    /** The address its HTTP is reached at. */
    public String host() {
        return host;
    }

    public int httpPort() {
        return httpPort;
    }

    public int sshPort() {
        return sshPort;
    }

    /** Runs {@code bin/keel} from another working directory, console on a pipe. */
    public KeelProcess start() throws IOException {
        return start(new String[0]);
    }

    /** Runs {@code bin/keel ARGS...} in the foreground from another working directory (e.g. {@code run}). */
    public KeelProcess start(String... args) throws IOException {
        return startWithEnv(Map.of(), args);
    }

    /** Runs {@code bin/keel ARGS...} in the foreground with more environment variables. */
    public KeelProcess startWithEnv(Map<String, String> env, String... args) throws IOException {
        Path elsewhere = Files.createDirectories(output.getParent().resolve("cwd"));
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(home.resolve("bin/keel").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(elsewhere.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        environment(pb);
        pb.environment().putAll(env);
        process = pb.start();
        console = process.getOutputStream();
        return this;
    }

    /**
     * Runs {@code bin/keel} in the foreground on a pseudo-terminal, as in a
     * terminal window: util-linux {@code script} gives it a pty and passes what
     * {@link #keys} writes to it as keystrokes; its output (with the terminal's
     * escape sequences) is in {@link #output()}.
     */
    public KeelProcess startOnTerminal() throws IOException {
        Path elsewhere = Files.createDirectories(output.getParent().resolve("cwd"));
        String keel = "'" + home.resolve("bin/keel").toString().replace("'", "'\\''") + "'";
        ProcessBuilder pb = new ProcessBuilder("script", "--quiet", "--flush", "--return", "--command", keel, "/dev/null")
                .directory(elsewhere.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        environment(pb);
        pb.environment().put("TERM", "xterm");
        process = pb.start();
        console = process.getOutputStream();
        return this;
    }

    /** Types keys on the console as they are, without a new line (e.g. a Tab: {@code "\t"}). */
    public void keys(String keys) throws IOException {
        console.write(keys.getBytes(StandardCharsets.UTF_8));
        console.flush();
    }

    private void environment(ProcessBuilder pb) {
        pb.environment().put("KEEL_HTTP_PORT", String.valueOf(httpPort));
        pb.environment().put("KEEL_SSH_PORT", String.valueOf(sshPort));
    }

    /**
     * Runs {@code bin/keel ARGS...} from another working directory, with
     * {@code input} on its stdin, and waits (bounded) for it to finish.
     */
    public Result commandWithInput(String input, String... args) throws IOException, InterruptedException {
        return command(Map.of(), input, args);
    }

    /** Runs {@code bin/keel ARGS...} with more environment variables (e.g. {@code KEEL_STOP_TIMEOUT}). */
    public Result commandWithEnv(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return command(env, "", args);
    }

    private Result command(Map<String, String> env, String input, String... args)
            throws IOException, InterruptedException {
        Path elsewhere = Files.createDirectories(output.getParent().resolve("cwd"));
        Path out = Files.createTempFile(output.getParent(), "out", ".txt");
        Path err = Files.createTempFile(output.getParent(), "err", ".txt");
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(home.resolve("bin/keel").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(elsewhere.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        environment(pb);
        pb.environment().putAll(env);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/keel " + String.join(" ", args) + " did not finish within "
                    + COMMAND_TIMEOUT.toSeconds() + " s; log:\n" + log());
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Runs {@code bin/keel ARGS...} with nothing on stdin. */
    public Result command(String... args) throws IOException, InterruptedException {
        return commandWithInput("", args);
    }

    /** The pid in {@code data/keel.pid}, if the file is there. */
    public OptionalLong pid() {
        try {
            Path file = home.resolve("data/keel.pid");
            return Files.exists(file) ? OptionalLong.of(Long.parseLong(Files.readString(file).strip()))
                    : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** What a background instance wrote to {@code data/log/keel.out}. */
    public String log() {
        try {
            Path file = home.resolve("data/log/keel.out");
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** Sends SIGTERM to the {@code bin/keel} process, as systemd does. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to end and returns its exit code. */
    public int waitForExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("Keel did not stop within " + timeout.toSeconds() + " s; output:\n" + output());
        }
        return process.exitValue();
    }

    /**
     * A JSON client logged in as the test operator ({@link Operators}) once the
     * instance answers {@code POST /auth/token}.
     */
    public Api api() {
        return new Api(host, httpPort).login(Operators.NAME, Operators.PASSWORD);
    }

    /**
     * The test operator's token, logged in on first need (the keys live in
     * {@code data/security}, so it stays valid across restarts); null while the
     * instance does not log in yet.
     */
    private String token() {
        String t = token;
        if (t != null) {
            return t;
        }
        HttpRequest login = HttpRequest.newBuilder(URI.create("http://" + host + ":" + httpPort + "/auth/token"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Api.json(java.util.Map.of("username", Operators.NAME,
                        "password", Operators.PASSWORD)))).build();
        try {
            HttpResponse<String> r = http.send(login, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return null;
            }
            t = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).get("token").asText();
            token = t;
            return t;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * GET on the instance; status -1 when nothing answers. A path below
     * {@code /api} or {@code /admin}, {@code /metrics} and {@code /health}
     * (whose details need a viewer) carry the test operator's token (and are
     * not sent before the instance logs in: then nothing answers yet); the
     * probes {@code /health/live} and {@code /health/ready} go anonymous.
     */
    public HttpResponse<String> get(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://" + host + ":" + httpPort + path))
                .timeout(Duration.ofSeconds(5));
        if (path.startsWith("/api/") || path.startsWith("/admin/") || path.equals("/metrics")
                || path.equals("/health")) {
            String t = token();
            if (t == null) {
                return null;
            }
            builder.header("Authorization", "Bearer " + t);
        }
        HttpRequest request = builder.build();
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
        // a background instance (bin/keel start) that a failed test left running
        pid().stream().mapToObj(ProcessHandle::of).flatMap(Optional::stream).forEach(ProcessHandle::destroyForcibly);
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
