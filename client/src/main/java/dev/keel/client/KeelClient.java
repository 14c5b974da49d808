package dev.keel.client;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.util.io.input.NoCloseInputStream;
import org.apache.sshd.common.util.io.output.NoCloseOutputStream;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * {@code bin/keel client [options] [COMMAND...]}: runs a Gogo command on the
 * running Keel over SSH and exits with its status, or, without a command,
 * opens a console session (with line editing, completion and history when
 * this is a terminal; line-based when the input is a pipe). Exit codes: the command's (0 or 1),
 * 2 when Keel cannot be reached or refuses the login, 64 for bad usage.
 */
public final class KeelClient {

    static final int UNREACHABLE = 2;
    static final int USAGE = 64;
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final ClientOptions options;
    private final PrintStream err;

    KeelClient(ClientOptions options, PrintStream err) {
        this.options = options;
        this.err = err;
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("--passwd")) {
            Path home = Path.of(System.getProperty("keel.home", ".")).toAbsolutePath().normalize();
            System.exit(Passwd.run(home, java.util.Arrays.copyOfRange(args, 1, args.length), System.console(),
                    System.in, System.out, System.err));
        }
        ClientOptions options;
        try {
            options = ClientOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("keel: " + e.getMessage());
            System.err.println(ClientOptions.USAGE);
            System.exit(USAGE);
            return;
        }
        if (options.help()) {
            System.out.println(ClientOptions.USAGE);
            System.exit(0);
        }
        if (options.hashPassword()) {
            System.exit(hashPassword());
        }
        System.exit(new KeelClient(options, System.err).run());
    }

    int run() {
        int port;
        try {
            port = options.port();
        } catch (IllegalArgumentException e) {
            err.println("keel: " + e.getMessage());
            return USAGE;
        }
        String where = options.host() + ":" + port;
        Path key = options.key();
        if (options.password() == null && !Files.isReadable(key)) {
            err.println("keel: no client key at " + key + " (Keel creates it on its first start; or pass --key FILE)");
            return UNREACHABLE;
        }
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(new KnownHostVerifier(options.knownHosts()));
        client.start();
        try (ClientSession session = connect(client, where, port)) {
            if (session == null) {
                return UNREACHABLE;
            }
            if (options.password() != null) {
                session.addPasswordIdentity(options.password());
            } else {
                session.setKeyIdentityProvider(new FileKeyPairProvider(key));
            }
            try {
                session.auth().verify(TIMEOUT);
            } catch (IOException | RuntimeException e) {
                err.println("keel: " + where + " refused the login of '" + options.user() + "' with "
                        + (options.password() != null ? "that password" : "the key " + key)
                        + " (" + KnownHostVerifier.message(e) + ")");
                return UNREACHABLE;
            }
            return options.command() == null ? shell(session) : exec(session, options.command());
        } catch (IOException | RuntimeException e) {
            err.println("keel: the session with " + where + " failed: " + KnownHostVerifier.message(e));
            return UNREACHABLE;
        } finally {
            client.stop();
        }
    }

    private ClientSession connect(SshClient client, String where, int port) {
        try {
            return client.connect(options.user(), options.host(), port).verify(TIMEOUT).getSession();
        } catch (IOException | RuntimeException e) {
            err.println("keel: cannot connect to Keel's shell at " + where + ": " + KnownHostVerifier.message(e)
                    + " (is Keel running? bin/keel status)");
            return null;
        }
    }

    private int exec(ClientSession session, String command) throws IOException {
        try (ChannelExec channel = session.createExecChannel(command)) {
            channel.setIn(InputStream.nullInputStream());
            channel.setOut(new NoCloseOutputStream(System.out));
            channel.setErr(new NoCloseOutputStream(System.err));
            return await(channel);
        }
    }

    private int shell(ClientSession session) throws IOException {
        if (System.console() != null) {
            return terminal(session);
        }
        try (ChannelShell channel = session.createShellChannel()) {
            channel.setUsePty(false); // input on a pipe: the server runs a line-based console
            channel.setIn(new NoCloseInputStream(System.in));
            channel.setOut(new NoCloseOutputStream(System.out));
            channel.setErr(new NoCloseOutputStream(System.err));
            return await(channel);
        }
    }

    /** A terminal: raw mode here, a pty there, so the server's JLine console edits, completes and recalls lines. */
    private int terminal(ClientSession session) throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(true).name("keel").build();
        Attributes saved = terminal.enterRawMode();
        // Ctrl-C, Ctrl-Z, Ctrl-S go to Keel's console as keys, not to this process as signals
        Attributes raw = terminal.getAttributes();
        raw.setLocalFlag(Attributes.LocalFlag.ISIG, false);
        raw.setInputFlag(Attributes.InputFlag.IXON, false);
        terminal.setAttributes(raw);
        try (ChannelShell channel = session.createShellChannel()) {
            String type = terminal.getType();
            channel.setPtyType(type == null || type.startsWith("dumb") ? "xterm" : type);
            channel.setPtyColumns(Math.max(terminal.getWidth(), 20));
            channel.setPtyLines(Math.max(terminal.getHeight(), 5));
            channel.setIn(new NoCloseInputStream(terminal.input()));
            channel.setOut(new NoCloseOutputStream(terminal.output()));
            channel.setErr(new NoCloseOutputStream(terminal.output()));
            terminal.handle(Terminal.Signal.WINCH, signal -> {
                try {
                    channel.sendWindowChange(terminal.getWidth(), terminal.getHeight());
                } catch (IOException e) {
                    // the session is closing
                }
            });
            return await(channel);
        } finally {
            terminal.setAttributes(saved);
            terminal.writer().flush();
            terminal.close();
        }
    }

    private static int await(ClientChannel channel) throws IOException {
        channel.open().verify(TIMEOUT);
        channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0);
        System.out.flush();
        System.err.flush();
        Integer status = channel.getExitStatus();
        return status == null ? 1 : status;
    }

    private static int hashPassword() {
        Console console = System.console();
        String password;
        if (console != null) {
            char[] first = console.readPassword("Password: ");
            char[] again = console.readPassword("Again: ");
            if (first == null || again == null || !new String(first).equals(new String(again))) {
                System.err.println("keel: the passwords differ");
                return 1;
            }
            password = new String(first);
        } else {
            try {
                List<String> lines = new ArrayList<>(new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                        .lines().toList());
                password = lines.isEmpty() ? "" : lines.get(0);
            } catch (IOException e) {
                System.err.println("keel: cannot read the password: " + e.getMessage());
                return 1;
            }
        }
        if (password.isEmpty()) {
            System.err.println("keel: the password is empty");
            return 1;
        }
        System.out.println(PasswordHash.hash(password));
        return 0;
    }
}
