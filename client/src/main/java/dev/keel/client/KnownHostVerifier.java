package dev.keel.client;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;

import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/** Trusts the server only if it presents the host key that Keel published in {@code data/ssh/known_hosts}. */
final class KnownHostVerifier implements ServerKeyVerifier {

    private final Path knownHosts;

    KnownHostVerifier(Path knownHosts) {
        this.knownHosts = knownHosts;
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey serverKey) {
        try {
            for (String line : Files.readAllLines(knownHosts, StandardCharsets.UTF_8)) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length >= 3) {
                    PublicKey known = PublicKeyEntry.parsePublicKeyEntry(parts[1] + " " + parts[2])
                            .resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING);
                    if (KeyUtils.compareKeys(known, serverKey)) {
                        return true;
                    }
                }
            }
            System.err.println("keel: the server at " + remote + " presented a host key that is not the one in "
                    + knownHosts + ": refusing to log in");
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            System.err.println("keel: cannot check the server's host key against " + knownHosts + ": " + message(e));
        }
        return false;
    }

    static String message(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage() != null ? c.getMessage() : t.getMessage();
        return m == null ? c.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
