package dev.keel.client;

import java.io.Console;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/** The client's command line: options first, then the Gogo command (its words quoted as Gogo needs). */
record ClientOptions(Path home, String host, Integer explicitPort, String envPort, Path key, String user,
        boolean askPassword, String command, boolean help, boolean hashPassword) {

    static final String USAGE = """
            Usage: bin/keel client [--user NAME --password] [--key FILE] [--port N] [--host HOST] [COMMAND...]

            Runs COMMAND in Keel's Gogo shell over SSH and exits with its status (0, or 1 when it failed;
            2 when Keel cannot be reached or refuses the login). Without COMMAND, opens a console session
            (Tab completes, Up/Down recall; Ctrl-D or 'exit' closes it). One argument is sent as a whole command line
            ("lb | grep keel"); several are quoted one by one.

              --key FILE    private key to log in with (default data/ssh/client_key, made on first start)
              --user NAME   a user of etc/keel.users (default admin, whom the generated key belongs to)
              --password    log in with a password, read from the terminal (or the first line of stdin)
              --port N      SSH port (default: KEEL_SSH_PORT, else the running instance's data/ssh/port,
                            else port in etc/keel.ssh.cfg, else 8101)
              --host HOST   default 127.0.0.1""";

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    static ClientOptions parse(String[] args, Map<String, String> env) {
        Path home = Path.of(System.getProperty("keel.home", ".")).toAbsolutePath().normalize();
        String host = "127.0.0.1";
        Integer port = null;
        Path key = null;
        String user = "admin";
        boolean askPassword = false;
        boolean help = false;
        boolean hash = false;
        int i = 0;
        for (; i < args.length && args[i].startsWith("--"); i++) {
            String a = args[i];
            switch (a) {
                case "--" -> {
                    i++;
                    return finish(home, host, port, env, key, user, askPassword, Arrays.copyOfRange(args, i, args.length),
                            help, hash);
                }
                case "--help" -> help = true;
                case "--hash-password" -> hash = true;
                case "--password" -> askPassword = true;
                case "--home" -> home = Path.of(value(args, ++i, a)).toAbsolutePath().normalize();
                case "--host" -> host = value(args, ++i, a);
                case "--user" -> user = value(args, ++i, a);
                case "--key" -> key = Path.of(value(args, ++i, a)).toAbsolutePath();
                case "--port" -> port = parsePort(value(args, ++i, a), "--port");
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return finish(home, host, port, env, key, user, askPassword, Arrays.copyOfRange(args, i, args.length), help,
                hash);
    }

    private static ClientOptions finish(Path home, String host, Integer port, Map<String, String> env, Path key,
            String user, boolean askPassword, String[] words, boolean help, boolean hash) {
        Path k = key != null ? key : home.resolve("data/ssh/client_key");
        return new ClientOptions(home, host, port, env.get("KEEL_SSH_PORT"), k, user, askPassword, commandLine(words),
                help, hash);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** One word is a whole command line; several are quoted where Gogo would split or interpret them. */
    static String commandLine(String[] words) {
        if (words.length == 0) {
            return null;
        }
        if (words.length == 1) {
            return words[0];
        }
        List<String> out = new ArrayList<>();
        for (String w : words) {
            out.add(PLAIN.matcher(w).matches() ? w : "'" + w.replace("\\", "\\\\").replace("'", "\\'") + "'");
        }
        return String.join(" ", out);
    }

    /** --port, else KEEL_SSH_PORT, else the running instance's data/ssh/port, else etc/keel.ssh.cfg, else 8101. */
    int port() {
        if (explicitPort != null) {
            return explicitPort;
        }
        if (envPort != null && !envPort.isBlank()) {
            return parsePort(envPort.strip(), "KEEL_SSH_PORT");
        }
        try {
            Path running = home.resolve("data/ssh/port");
            if (Files.isRegularFile(running)) {
                return parsePort(Files.readString(running, StandardCharsets.UTF_8).strip(), running.toString());
            }
            Path cfg = home.resolve("etc/keel.ssh.cfg");
            if (Files.isRegularFile(cfg)) {
                Properties p = new Properties();
                try (var in = Files.newBufferedReader(cfg, StandardCharsets.UTF_8)) {
                    p.load(in);
                }
                String v = p.getProperty("port");
                if (v != null && !v.isBlank()) {
                    return parsePort(v.strip(), cfg + ": port");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 8101;
    }

    Path knownHosts() {
        return home.resolve("data/ssh/known_hosts");
    }

    /** The password to log in with, or null for key authentication. */
    String password() {
        if (!askPassword) {
            return null;
        }
        if (cachedPassword[0] == null) {
            Console console = System.console();
            if (console != null) {
                char[] p = console.readPassword("Password for %s: ", user);
                cachedPassword[0] = p == null ? "" : new String(p);
            } else {
                try {
                    String all = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
                    cachedPassword[0] = all.lines().findFirst().orElse("");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return cachedPassword[0];
    }

    private static final String[] cachedPassword = new String[1];

    static int parsePort(String value, String what) {
        try {
            int p = Integer.parseInt(value);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + " must be a port number from 1 to 65535, not '" + value + "'");
    }
}
