package dev.keel.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A Keel home of the harness's own: a copy of the distribution (without
 * {@code data/}) in a temporary folder, its users file, configuration files
 * and deployed jars, as an operator would prepare them.
 */
final class KeelHome {

    private static final SecureRandom RANDOM = new SecureRandom();

    private KeelHome() {
    }

    /** The distribution folder itself: {@code dist} when it holds {@code bin/keel}, else its one {@code keel-*} child. */
    static Path distribution(Path dist) {
        if (Files.isRegularFile(dist.resolve("bin/keel"))) {
            return dist;
        }
        try (Stream<Path> children = Files.list(dist)) {
            List<Path> homes = children.filter(c -> Files.isRegularFile(c.resolve("bin/keel"))).toList();
            if (homes.size() != 1) {
                throw new IllegalStateException("no Keel distribution (a folder with bin/keel) in " + dist);
            }
            return homes.get(0);
        } catch (IOException e) {
            throw new IllegalStateException("no Keel distribution at " + dist + ": " + e.getMessage(), e);
        }
    }

    /** Copies the distribution to {@code home}, leaving its {@code data/} (a previous run's state) out. */
    static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path rel = from.relativize(dir);
                if (rel.startsWith("data")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(rel.toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
        to.resolve("bin/keel").toFile().setExecutable(true, true);
    }

    /** Copies a jar into {@code deploy/} in one step (a temporary name, then an atomic move), as FileInstall wants it. */
    static Path deploy(Path home, Path jar) throws IOException {
        Path deploy = home.resolve("deploy");
        Path tmp = deploy.resolve("." + jar.getFileName() + ".tmp");
        Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
        return Files.move(tmp, deploy.resolve(jar.getFileName()), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Number of plugin jars in {@code deploy/} (their manifest provides a
     * {@code dev.keel.api.Plugin} service, as bnd writes it for a DS
     * component): the plugins the start waits for.
     */
    static int deployed(Path home) throws IOException {
        try (Stream<Path> files = Files.list(home.resolve("deploy"))) {
            List<Path> jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).toList();
            int plugins = 0;
            for (Path jar : jars) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    Manifest manifest = file.getManifest();
                    String provides = manifest == null ? null
                            : manifest.getMainAttributes().getValue("Provide-Capability");
                    if (provides != null && provides.contains("\"dev.keel.api.Plugin\"")) {
                        plugins++;
                    }
                }
            }
            return plugins;
        }
    }

    /** Writes {@code etc/PID.cfg} from {@code "PID: key=value, key=value"}. */
    static void config(Path home, String spec) throws IOException {
        int colon = spec.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a configuration is \"PID: key=value, ...\", not " + spec);
        }
        String pid = spec.substring(0, colon).strip();
        StringBuilder lines = new StringBuilder();
        for (String pair : spec.substring(colon + 1).split(",")) {
            if (!pair.isBlank()) {
                lines.append(pair.strip()).append('\n');
            }
        }
        Files.writeString(home.resolve("etc").resolve(pid + ".cfg"), lines, StandardCharsets.UTF_8);
    }

    /** Adds {@code name roles hash} to {@code etc/keel.users} (0600) and answers the random password. */
    static synchronized String addUser(Path home, String name, String roles) {
        String password = password();
        Path file = home.resolve("etc/keel.users");
        try {
            Files.writeString(file, name + " " + roles + " " + hash(password) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // as created
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return password;
    }

    /** A random password of 24 characters (URL-safe Base64 of 18 random bytes). */
    static String password() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A hash in the users file's format, {@code pbkdf2-sha256:ITERATIONS:SALT:HASH}, as {@code bin/keel passwd} writes. */
    static String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        int iterations = 210_000;
        try {
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
            return "pbkdf2-sha256:" + iterations + ":" + Base64.getEncoder().encodeToString(salt) + ":"
                    + Base64.getEncoder().encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A port nothing listens on now, on the loopback address. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Deletes a folder (null: nothing), leaving what cannot be deleted to the system's clean-up of temporary files. */
    static void deleteQuietly(Path root) {
        if (root == null) {
            return;
        }
        try {
            delete(root);
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder
        }
    }

    /** Deletes a folder and everything in it. */
    static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
