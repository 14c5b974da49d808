package dev.keel.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A running Keel of a test: the distribution's {@code bin/keel run} as a
 * process in a temporary home, on free HTTP and SSH ports, with embedded H2 in
 * its {@code data/db}. Tests reach it over HTTP ({@link #url}, {@link #get},
 * {@link #post}) with tokens of operator roles ({@link #token}), and
 * register customers of the user plugin ({@link #registerUser}).
 */
public final class Keel implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    /** What a start needs: the distribution, the jars to deploy, configuration files, the start timeout (s). */
    record Settings(Path dist, List<Path> plugins, List<String> config, long startTimeoutSeconds) {
    }

    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z]+)\"");
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Path root;
    private final Path home;
    private final Path output;
    private final int httpPort;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    private Keel(Path root, Path home, Path output, int httpPort, Process process) {
        this.root = root;
        this.home = home;
        this.output = output;
        this.httpPort = httpPort;
        this.process = process;
    }

    /** Prepares a home, starts Keel in it and waits until it is ready with every deployed plugin ACTIVE. */
    static Keel start(Settings settings) {
        Path root = null;
        try {
            Path dist = KeelHome.distribution(settings.dist());
            root = Files.createTempDirectory("keel-test-");
            Path home = root.resolve("home");
            KeelHome.copy(dist, home);
            for (Path jar : settings.plugins()) {
                KeelHome.deploy(home, jar);
            }
            for (String spec : settings.config()) {
                KeelHome.config(home, spec);
            }
            int httpPort = KeelHome.freePort();
            int sshPort = KeelHome.freePort();
            while (sshPort == httpPort) {
                sshPort = KeelHome.freePort();
            }
            Path output = root.resolve("keel.out");
            ProcessBuilder pb = new ProcessBuilder("bash", home.resolve("bin/keel").toString(), "run")
                    .directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
            pb.environment().put("KEEL_HTTP_PORT", String.valueOf(httpPort));
            pb.environment().put("KEEL_SSH_PORT", String.valueOf(sshPort));
            // a fresh home each time: a class archive would be written at exit and never used
            pb.environment().putIfAbsent("KEEL_CDS", "off");
            Keel keel = new Keel(root, home, output, httpPort, pb.start());
            try {
                keel.awaitReady(Duration.ofSeconds(settings.startTimeoutSeconds()));
            } catch (RuntimeException | Error e) {
                keel.close();
                throw e;
            }
            return keel;
        } catch (IOException e) {
            KeelHome.deleteQuietly(root);
            throw new UncheckedIOException("starting Keel failed: " + e.getMessage(), e);
        }
    }

    /** The base URL, {@code http://127.0.0.1:PORT}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    /** The URL of a path, e.g. {@code url("/api/inventory/items")}. */
    public URI url(String path) {
        return baseUrl().resolve(path);
    }

    /** The Keel home of this run (deleted after the test class; {@code -Dkeel.keep=true} keeps it). */
    public Path home() {
        return home;
    }

    /** What Keel printed so far (its log on stdout). */
    public String output() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A bearer token of a user who has {@code role} (an operator role:
     * {@code admin}, {@code operator}, {@code viewer}, {@code tester},
     * {@code metrics}): the user is added to the home's {@code etc/keel.users}
     * on first need and logs in with {@code POST /auth/token}.
     */
    public String token(String role) {
        return tokens.computeIfAbsent(role, this::login);
    }

    /**
     * Registers a customer named {@code name} through the user plugin's public
     * registration route ({@code POST /api/user/users}; the distribution
     * deploys the user plugin) and answers the new user's id: a real user for
     * a plugin that checks one through {@code UserService}. The e-mail is
     * unique ({@code keel-test-<uuid>@example.com}), the password random.
     */
    public String registerUser(String name) {
        if (!name.matches("[\\p{L}\\p{N} .'-]{1,100}")) {
            throw new IllegalArgumentException("a user's name here is 1 to 100 letters, digits, spaces or .'-");
        }
        String body = "{\"name\":\"" + name + "\",\"email\":\"keel-test-" + UUID.randomUUID()
                + "@example.com\",\"password\":\"" + KeelHome.password() + "\"}";
        HttpResponse<String> r = post("/api/user/users", body, null);
        Matcher m = ID.matcher(r.body());
        if (r.statusCode() != 201 || !m.find()) {
            throw new IllegalStateException("registering " + name + " failed: POST /api/user/users answered "
                    + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    /** GET {@code path}, with a token of {@code role} (none when null). */
    public HttpResponse<String> get(String path, String role) {
        return send(HttpRequest.newBuilder(url(path)).GET(), role);
    }

    /** POST a JSON body to {@code path}, with a token of {@code role} (none when null). */
    public HttpResponse<String> post(String path, String json, String role) {
        return send(HttpRequest.newBuilder(url(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), role);
    }

    /** Sends a request built by the test, with a token of {@code role} (none when null). */
    public HttpResponse<String> send(HttpRequest.Builder request, String role) {
        if (role != null) {
            request.header("Authorization", "Bearer " + token(role));
        }
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("request to Keel failed: " + e.getMessage() + "\n" + tail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Copies a jar into {@code deploy/} (a new one is installed, one of a
     * deployed bundle replaces it live) and waits until every plugin is ACTIVE
     * again.
     */
    public void deploy(Path jar, Duration timeout) {
        try {
            KeelHome.deploy(home, jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady(timeout);
    }

    /**
     * Waits until {@code /health/ready} answers 200 and {@code /admin/plugins}
     * lists at least one ACTIVE plugin per jar in {@code deploy/}, none in
     * another state; fails with Keel's output when the process ends or the
     * time is up.
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Keel exited with " + process.exitValue() + " before it was ready:\n" + tail());
            }
            last = readiness();
            if (last == null) {
                return;
            }
            pause(100);
        }
        throw new AssertionError("Keel was not ready within " + timeout.toSeconds() + " s (" + last + "):\n" + tail());
    }

    /** Null when ready, else why not. */
    private String readiness() {
        try {
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(url("/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (ready.statusCode() != 200) {
                return "/health/ready answers " + ready.statusCode() + " " + ready.body();
            }
            HttpResponse<String> plugins = get("/admin/plugins", "viewer");
            if (plugins.statusCode() != 200) {
                return "/admin/plugins answers " + plugins.statusCode();
            }
            Matcher m = STATE.matcher(plugins.body());
            int active = 0;
            while (m.find()) {
                if (!m.group(1).equals("ACTIVE")) {
                    return "a plugin is " + m.group(1) + ": " + plugins.body();
                }
                active++;
            }
            int expected = KeelHome.deployed(home);
            return active >= expected ? null : active + " of " + expected + " deployed plugins ACTIVE";
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            // never null: a refused connection's exception may have no message, and null means ready
            return "not answering yet: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private String login(String role) {
        if (!role.matches("[a-z]+")) {
            throw new IllegalArgumentException("a role is a lower-case word, not " + role);
        }
        String name = "keel-test-" + role;
        String password = KeelHome.addUser(home, name, role);
        String body = "{\"username\":\"" + name + "\",\"password\":\"" + password + "\"}";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("/auth/token"))
                        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                Matcher m = TOKEN.matcher(r.body());
                if (r.statusCode() == 200 && m.find()) {
                    return m.group(1);
                }
                // the users file is read again once it changed: the new user may not be known yet
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            pause(200);
        }
        throw new IllegalStateException("no token for role " + role + ": POST /auth/token answered " + last);
    }

    /** The last 60 lines Keel printed. */
    String tail() {
        List<String> lines = output().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** Stops Keel (SIGTERM, then SIGKILL after a minute) and deletes its home. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
        if (!Boolean.getBoolean("keel.keep")) {
            KeelHome.deleteQuietly(root);
        }
    }

    /** The interval of the harness's polls, each bounded by a deadline: it waits for a condition, not a time. */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
