package dev.keel.kernel.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * The files under {@code data/ssh/} (owner-only): the host key, the client key
 * pair that {@code bin/keel client} uses and its entry in {@code authorized_keys},
 * generated on first start; and, while the server runs, {@code port} and
 * {@code known_hosts} so clients find and trust it.
 */
final class SshKeys {

    static final String CLIENT_COMMENT = "keel-client";

    private final Path dir;
    private final SimpleGeneratorHostKeyProvider hostKeys;

    SshKeys(Path dir) {
        this.dir = dir;
        this.hostKeys = new SimpleGeneratorHostKeyProvider(dir.resolve("host_key"));
        hostKeys.setAlgorithm("EC");
        hostKeys.setKeySize(256);
    }

    Path dir() {
        return dir;
    }

    Path authorizedKeys() {
        return dir.resolve("authorized_keys");
    }

    KeyPairProvider hostKeys() {
        return hostKeys;
    }

    /** Creates what is missing: the folder, the host key, the client key pair and its authorization. */
    void prepare() throws IOException {
        Files.createDirectories(dir);
        ownerOnly(dir, "rwx------");
        hostKeys.loadKeys(null); // generates and writes the host key on first use
        ownerOnly(dir.resolve("host_key"), "rw-------");
        Path key = dir.resolve("client_key");
        if (!Files.exists(key)) {
            writeClientKey(key);
        }
        Path authorized = authorizedKeys();
        String publicLine = Files.readString(dir.resolve("client_key.pub"), StandardCharsets.UTF_8).strip();
        List<String> lines = Files.exists(authorized) ? Files.readAllLines(authorized) : List.of();
        if (lines.stream().noneMatch(l -> l.strip().equals(publicLine))) {
            Files.writeString(authorized, publicLine + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        ownerOnly(authorized, "rw-------");
    }

    private void writeClientKey(Path key) throws IOException {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot generate the client key: " + e, e);
        }
        Path tmp = key.resolveSibling("client_key.tmp");
        Files.deleteIfExists(tmp);
        createOwnerOnly(tmp);
        try (OutputStream out = Files.newOutputStream(tmp)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, CLIENT_COMMENT, null, out);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the client key: " + e, e);
        }
        Files.writeString(key.resolveSibling("client_key.pub"),
                PublicKeyEntry.toString(pair.getPublic()) + " " + CLIENT_COMMENT + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, key, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes {@code port} and {@code known_hosts} for the clients once the server listens. */
    void published(String host, int port) throws IOException {
        String hostKey = PublicKeyEntry.toString(hostKeys.loadKeys(null).iterator().next().getPublic());
        String names = "[127.0.0.1]:" + port + ",[localhost]:" + port
                + ("127.0.0.1".equals(host) || "localhost".equals(host) ? "" : ",[" + host + "]:" + port);
        replace(dir.resolve("known_hosts"), names + " " + hostKey + "\n");
        replace(dir.resolve("port"), port + "\n");
    }

    /** Removes {@code port}: nothing listens any more. */
    void unpublished() {
        try {
            Files.deleteIfExists(dir.resolve("port"));
        } catch (IOException e) {
            // a stale port file only makes a client try a port that refuses
        }
    }

    private static void replace(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            ownerOnly(file, "rw-------");
        }
    }

    private static void ownerOnly(Path file, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the folder's ACL applies
        }
    }
}
