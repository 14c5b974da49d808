package dev.keel.kernel.ssh;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.felix.service.command.CommandSession;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.session.ServerSession;
import org.jline.terminal.Terminal;

import dev.keel.kernel.terminal.CommandCompleter;
import dev.keel.kernel.terminal.JlineConsole;

/**
 * One SSH channel served by its own Gogo session on a {@link GuardedProcessor}
 * for the logged-in user: with a command (exec) it runs it, prints the result
 * and exits 0, or prints the error in one line and exits 1; without (shell) it
 * runs the JLine console when the client asked for a terminal, else a
 * line-based console, until the client closes its input.
 */
final class GogoChannel implements Command {

    /** How a session over SSH ends, the last line of its greeting. */
    static final String LEAVE = "Ctrl-D or 'exit' closes this session; 'shutdown' stops Keel.";

    private static final AtomicInteger COUNT = new AtomicInteger();

    private final java.util.function.Function<ServerSession, GuardedProcessor> processors;
    private final String command;
    private final CommandCompleter completer;
    private final Path history;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private volatile Thread thread;

    GogoChannel(java.util.function.Function<ServerSession, GuardedProcessor> processors, String command,
            CommandCompleter completer, Path history) {
        this.processors = processors;
        this.command = command;
        this.completer = completer;
        this.history = history;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        String kind = command == null ? "shell" : "exec";
        boolean terminal = command == null && !env.getPtyModes().isEmpty();
        ServerSession ssh = channel.getSession();
        Runnable body = () -> {
            GuardedProcessor processor;
            try {
                processor = processors.apply(ssh);
            } catch (RuntimeException ex) {
                new PrintStream(err, true, StandardCharsets.UTF_8).println("keel: " + message(ex));
                exit.onExit(1);
                return;
            }
            try {
                if (terminal) {
                    terminal(processor, env);
                } else {
                    run(processor);
                }
            } finally {
                processor.release();
            }
        };
        Thread t = new Thread(body, "keel-ssh-" + kind + "-" + COUNT.incrementAndGet());
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run(GuardedProcessor processor) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status;
        try (CommandSession session = processor.createSession(in, o, e)) {
            session.put("SCOPE", JlineConsole.SCOPE);
            status = command == null ? console(session, in, o, e) : execute(session, command, o, e);
        } catch (RuntimeException ex) {
            e.println("keel: " + message(ex));
            status = 1;
        }
        o.flush();
        e.flush();
        exit.onExit(status);
    }

    /** A shell request with a pty: the JLine console. */
    private void terminal(GuardedProcessor processor, Environment env) {
        int status;
        try (Terminal terminal = SshTerminal.open(env, in, out)) {
            // each user's own history: no one recalls another's command lines
            JlineConsole.run(terminal, processor, completer, history.resolveSibling(processor.who().fileName()),
                    List.of(), JlineConsole.greeting(LEAVE), processor.who().actor());
            status = 0;
        } catch (IOException | RuntimeException ex) {
            new PrintStream(err, true, StandardCharsets.UTF_8).println("keel: " + message(ex));
            status = 1;
        }
        exit.onExit(status);
    }

    /**
     * A shell request without a pty (input on a pipe): one command per line, each
     * through this session's processor, until the input ends or {@code exit}.
     */
    static int console(CommandSession session, InputStream in, PrintStream o, PrintStream e) {
        o.println(JlineConsole.greeting(LEAVE));
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        try {
            while (true) {
                o.print(JlineConsole.PROMPT);
                o.flush();
                String line = lines.readLine();
                if (line == null || line.strip().equals("exit") || line.strip().equals("logout")) {
                    o.println();
                    return 0;
                }
                if (!line.isBlank()) {
                    execute(session, line.strip(), o, e);
                }
            }
        } catch (IOException ex) {
            e.println("keel: " + message(ex));
            return 1;
        }
    }

    static int execute(CommandSession session, String line, PrintStream o, PrintStream e) {
        return JlineConsole.execute(session, line, o, e);
    }

    static String message(Throwable t) {
        return JlineConsole.message(t);
    }

    @Override
    public void destroy(ChannelSession channel) {
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
    }
}
