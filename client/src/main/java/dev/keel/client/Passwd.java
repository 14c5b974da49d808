package dev.keel.client;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code bin/keel passwd USER [ROLES]}: sets a user's password in
 * {@code etc/keel.users} (asked twice on a terminal, else the first line of
 * stdin), keeping the user's key lines; ROLES defaults to the user's current
 * ones ({@code admin} for user admin). The file stays owner-only (0600).
 */
final class Passwd {

    static final String USAGE = "Usage: bin/keel passwd USER [ROLES]   (ROLES: comma-separated, of "
            + "admin, operator, viewer, tester, metrics)";
    private static final Set<String> ROLES = Set.of("admin", "operator", "viewer", "tester", "metrics");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private Passwd() {
    }

    static int run(Path home, String[] args, Console console, InputStream in, PrintStream out, PrintStream err) {
        if (args.length < 1 || args.length > 2 || !NAME.matcher(args[0]).matches()) {
            err.println(args.length >= 1 ? "keel: a user name is letters, digits and . _ @ -, not '"
                    + args[0].replaceAll("\\p{Cntrl}", "?") + "'" : "keel: which user?");
            err.println(USAGE);
            return KeelClient.USAGE;
        }
        String user = args[0];
        Path file = home.resolve("etc/keel.users");
        try {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
            String roles = args.length == 2 ? args[1] : currentRoles(lines, user);
            if (roles == null) {
                err.println("keel: " + user + " is a new user: name the roles, e.g. bin/keel passwd " + user + " viewer");
                return KeelClient.USAGE;
            }
            if (!Arrays.stream(roles.split(",", -1)).allMatch(ROLES::contains)) {
                err.println("keel: unknown roles '" + roles + "'");
                err.println(USAGE);
                return KeelClient.USAGE;
            }
            char[] password = read(console, in, user, err);
            if (password == null) {
                return 1;
            }
            String hash = PasswordHash.hash(new String(password));
            Arrays.fill(password, '\0');
            write(file, update(lines, user, roles, hash));
            out.println("Password of " + user + " (" + roles + ") set in " + file);
            return 0;
        } catch (IOException e) {
            err.println("keel: cannot update " + file + ": " + e.getMessage());
            return 1;
        }
    }

    /** The roles of the user's password line (else of any of its lines); admin's default; null for a new user. */
    static String currentRoles(List<String> lines, String user) {
        String any = null;
        for (String line : lines) {
            String[] p = line.strip().split("\\s+", 3);
            if (p.length == 3 && p[0].equals(user)) {
                if (p[2].startsWith("pbkdf2-")) {
                    return p[1];
                }
                any = any == null ? p[1] : any;
            }
        }
        return any != null ? any : "admin".equals(user) ? "admin" : null;
    }

    /** The lines with the user's password line replaced (in its place) or added at the end. */
    static List<String> update(List<String> lines, String user, String roles, String hash) {
        List<String> updated = new ArrayList<>();
        String line = user + " " + roles + " " + hash;
        boolean placed = false;
        for (String l : lines) {
            String[] p = l.strip().split("\\s+");
            boolean passwordLine = p.length >= 2 && p[0].equals(user)
                    && (p[p.length - 1].startsWith("pbkdf2-") && p.length <= 3);
            if (passwordLine) {
                if (!placed) {
                    updated.add(line);
                    placed = true;
                }
            } else {
                updated.add(l);
            }
        }
        if (!placed) {
            updated.add(line);
        }
        return updated;
    }

    private static char[] read(Console console, InputStream in, String user, PrintStream err) throws IOException {
        char[] password;
        if (console != null) {
            password = console.readPassword("New password for %s: ", user);
            char[] again = console.readPassword("Again: ");
            if (password == null || again == null || !Arrays.equals(password, again)) {
                err.println("keel: the passwords differ");
                return null;
            }
            Arrays.fill(again, '\0');
        } else {
            String first = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
            password = first.toCharArray();
        }
        if (password.length == 0) {
            err.println("keel: the password is empty");
            return null;
        }
        return password;
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
