package dev.keel.itests;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the tests' own: {@code initdb} in a temporary folder
 * and {@code pg_ctl start} on 127.0.0.1 on a free port (as the user
 * {@code postgres} when the tests run as root, since PostgreSQL refuses root),
 * trust authentication for the user {@code keel}. One per test JVM, started on
 * first use and stopped when the JVM exits; each caller gets a database of its
 * own ({@link #newDatabase}). {@code .ci/run} installs PostgreSQL; when
 * {@code initdb} or {@code pg_ctl} cannot be found the test fails saying so.
 */
public final class Postgres {

    private static final String USER = "keel";
    private static Postgres shared;

    private final Path bin;
    private final Path root;
    private final Path data;
    private final int port;
    private final boolean asPostgres;
    private final AtomicInteger databases = new AtomicInteger();
    private final String listen;

    private Postgres(Path bin, Path root, int port, boolean asPostgres, String listen) {
        this.listen = listen;
        this.bin = bin;
        this.root = root;
        this.data = root.resolve("data");
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** The server of this JVM, started now if it is not running yet. */
    public static synchronized Postgres shared() throws IOException, InterruptedException {
        if (shared == null) {
            shared = create("127.0.0.1", null);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::shutDown, "postgres-stop"));
        }
        return shared;
    }

    /**
     * A server of the caller's own that listens on 127.0.0.1 and {@code address} (an address of this machine, e.g.
     * a test bridge's) and trusts connections from {@code range} (CIDR); {@link #stop} ends it.
     */
    public static Postgres listeningOn(String address, String range) throws IOException, InterruptedException {
        return create("127.0.0.1," + address, range);
    }

    private static Postgres create(String listen, String range) throws IOException, InterruptedException {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("keel-postgres");
        Postgres pg = new Postgres(bin, dir, KeelOptions.freePort(), root, listen);
        if (root) {
            run(List.of("chown", "-R", "postgres", dir.toString()), false);
        }
        pg.pg(List.of(bin.resolve("initdb").toString(), "-D", pg.data.toString(), "-U", USER, "--auth=trust",
                "-E", "UTF8", "--locale=C", "-N"));
        if (range != null) {
            // initdb trusts only loopback; the test's own addresses too (run as the server's user: it owns the file)
            pg.pg(List.of("sh", "-c", "echo 'host all all " + range + " trust' >> '" + pg.data.resolve("pg_hba.conf")
                    + "'"));
        }
        pg.start();
        return pg;
    }

    /** Stops a server of {@link #listeningOn} and deletes its files. */
    public void stop() {
        shutDown();
    }

    /** A fresh, empty database; its JDBC URL. */
    public String newDatabase(String prefix) throws IOException, InterruptedException {
        return newDatabase(prefix, "127.0.0.1");
    }

    /** A fresh, empty database; its JDBC URL at {@code host}, one of the addresses the server listens on. */
    public String newDatabase(String prefix, String host) throws IOException, InterruptedException {
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        run(List.of(bin.resolve("psql").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER,
                "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", "CREATE DATABASE " + name), false);
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /** The database user (trust authentication: any password). */
    public String user() {
        return USER;
    }

    /** The body of an {@code etc/keel.storage.cfg} that points Keel at {@code url}. */
    public String storageConfig(String url) {
        return "url=" + url + "\nuser=" + USER + "\npassword=\n";
    }

    /** Stops the server as a crash would ({@code pg_ctl stop -m immediate}: no checkpoint, recovery at start). */
    public void crash() throws IOException, InterruptedException {
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
    }

    /** Starts the server (again), waiting until it accepts connections. */
    public void start() throws IOException, InterruptedException {
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", root.resolve("server.log").toString(),
                "-o", "-p " + port + " -c listen_addresses=" + listen + " -c unix_socket_directories=" + root,
                "-w", "-t", "60", "start"));
    }

    /** What the server logged. */
    public String log() throws IOException {
        Path log = root.resolve("server.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private void shutDown() {
        try {
            pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
        } catch (IOException | InterruptedException | AssertionError e) {
            System.err.println("postgres: stop failed: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("postgres: cannot delete " + root + ": " + e);
        }
    }

    private void pg(List<String> command) throws IOException, InterruptedException {
        run(command, asPostgres);
    }

    private static void run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (asPostgres) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        Path out = Files.createTempFile("keel-postgres", ".txt");
        try {
            // in a folder every user may enter: initdb and pg_ctl fail when the user postgres cannot read the cwd
            Process p = new ProcessBuilder(cmd).directory(new File(System.getProperty("java.io.tmpdir")))
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish within 120 s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "):\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The folder with initdb, pg_ctl and psql: Debian's /usr/lib/postgresql/N/bin (newest), else on the PATH. */
    private static Path binaries() {
        List<Path> candidates = new ArrayList<>();
        File[] versions = new File("/usr/lib/postgresql").listFiles();
        if (versions != null) {
            Arrays.stream(versions).map(File::toPath).sorted(Comparator.comparing(Postgres::major).reversed())
                    .forEach(v -> candidates.add(v.resolve("bin")));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir));
            }
        }
        Optional<Path> found = candidates.stream()
                .filter(d -> Stream.of("initdb", "pg_ctl", "psql").allMatch(t -> Files.isExecutable(d.resolve(t))))
                .map(Postgres::real).findFirst();
        return found.orElseThrow(() -> new AssertionError("PostgreSQL is not installed: no folder with initdb, pg_ctl"
                + " and psql on the PATH or in /usr/lib/postgresql/*/bin. .ci/run installs it (Debian package"
                + " postgresql); by hand: apt-get install postgresql"));
    }

    private static Path real(Path dir) {
        try {
            return dir.resolve("initdb").toRealPath().getParent();
        } catch (IOException e) {
            return dir;
        }
    }

    private static int major(Path version) {
        try {
            return Integer.parseInt(version.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
