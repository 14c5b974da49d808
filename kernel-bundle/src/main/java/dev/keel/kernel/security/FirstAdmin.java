package dev.keel.kernel.security;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import dev.keel.api.security.Passwords;
import dev.keel.api.security.Roles;
import dev.keel.kernel.util.OwnerOnly;
import dev.keel.kernel.util.LogText;

/**
 * The first start: when {@code etc/keel.users} names no user {@code admin}, adds
 * one with a generated password (stored hashed, the file made owner-only) and
 * prints that password once on the console, never to the log.
 */
@Component(immediate = true)
public final class FirstAdmin {

    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final int LENGTH = 20;

    @Activate
    public FirstAdmin(BundleContext context, @Reference Passwords passwords,
            @Reference(service = LoggerFactory.class) Logger log) {
        Path users = Homes.home(context).resolve("etc/keel.users");
        try {
            char[] password = ensure(users, passwords, new SecureRandom());
            if (password != null) {
                // the console, not the OSGi log: a secret is never written to keel.log, and the operator who
                // started Keel is the one who reads it (once; it is stored only as a hash)
                announce(System.out, users, password);
                Arrays.fill(password, '\0');
                log.info("generated a password for user admin in {} (printed once on the console)", users);
            }
        } catch (IOException e) {
            log.error("cannot add user admin to {}: {}; set a password with bin/keel passwd admin", users,
                    LogText.escape(e.getMessage()));
        }
    }

    /**
     * Adds {@code admin admin HASH} to the users file unless a line names user admin.
     *
     * @return the generated password, or null when admin exists
     */
    static char[] ensure(Path users, Passwords passwords, SecureRandom random) throws IOException {
        List<String> lines = Files.exists(users) ? Files.readAllLines(users, StandardCharsets.UTF_8) : List.of();
        boolean hasAdmin = lines.stream().map(String::strip).filter(l -> !l.startsWith("#"))
                .anyMatch(l -> l.split("\\s+", 2)[0].equals(AccountsImpl.ADMIN));
        if (hasAdmin) {
            return null;
        }
        char[] password = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            password[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        List<String> updated = new ArrayList<>(lines);
        updated.add(AccountsImpl.ADMIN + " " + Roles.ADMIN + " " + passwords.hash(password));
        write(users, updated);
        return password;
    }

    /** Replaces the file with the lines, owner-only (0600) from the start. */
    static void write(Path file, List<String> lines) throws IOException {
        OwnerOnly.replace(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static void announce(PrintStream out, Path users, char[] password) {
        out.println();
        out.println("*************************************************************");
        out.println("Keel generated a password for user admin (role admin), stored");
        out.println("hashed in " + users + ":");
        out.println();
        out.println("    " + new String(password));
        out.println();
        out.println("It is not shown again. Log in with it (POST /auth/token, or");
        out.println("bin/keel client --user admin --password); change it with");
        out.println("bin/keel passwd admin.");
        out.println("*************************************************************");
        out.println();
        out.flush();
    }
}
