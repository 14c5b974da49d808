package dev.keel.kernel.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.jline.terminal.Terminal;

import dev.keel.kernel.security.Actors;
import dev.keel.kernel.security.Audit;
import dev.keel.kernel.terminal.CommandCompleter;
import dev.keel.kernel.terminal.JlineConsole;

/**
 * One SSH channel served by its own Gogo session: with a command (exec) it runs
 * it, prints the result and exits 0, or prints the error in one line and exits 1;
 * without (shell) it runs the JLine console when the client asked for a terminal,
 * else the line-based Gogo console ({@code gosh}), until the client closes its input.
 */
final class GogoChannel implements Command {

    /** How a session over SSH ends, the last line of its greeting. */
    static final String LEAVE = "Ctrl-D or 'exit' closes this session; 'shutdown' stops Keel.";

    private static final AtomicInteger COUNT = new AtomicInteger();

    private final CommandProcessor processor;
    private final String command;
    private final CommandCompleter completer;
    private final Path history;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private volatile Thread thread;
    /** Who this channel's commands are by, for the audit trail: the SSH user and session. */
    private volatile Audit.Actor actor;

    GogoChannel(CommandProcessor processor, String command, CommandCompleter completer, Path history) {
        this.processor = processor;
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
        var ssh = channel.getServerSession();
        String user = ssh.getUsername() == null ? "" : ssh.getUsername();
        actor = new Audit.Actor(user, "ssh", "ssh:" + user + "@" + SshAuthenticator.address(ssh) + "#"
                + Long.toHexString(ssh.getIoSession().getId()));
        boolean terminal = command == null && !env.getPtyModes().isEmpty();
        Runnable body = terminal ? () -> terminal(env) : this::run;
        Thread t = new Thread(body, "keel-ssh-" + kind + "-" + COUNT.incrementAndGet());
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run() {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status;
        try (CommandSession session = processor.createSession(in, o, e)) {
            session.put("SCOPE", JlineConsole.SCOPE);
            session.put(Actors.SESSION_ATTRIBUTE, actor);
            status = command == null ? console(session, o) : execute(session, command, o, e);
        } catch (RuntimeException ex) {
            e.println("keel: " + message(ex));
            status = 1;
        }
        o.flush();
        e.flush();
        exit.onExit(status);
    }

    /** A shell request with a pty: the JLine console. */
    private void terminal(Environment env) {
        int status;
        try (Terminal terminal = SshTerminal.open(env, in, out)) {
            JlineConsole.run(terminal, processor, completer, history, List.of(), JlineConsole.greeting(LEAVE), actor);
            status = 0;
        } catch (IOException | RuntimeException ex) {
            new PrintStream(err, true, StandardCharsets.UTF_8).println("keel: " + message(ex));
            status = 1;
        }
        exit.onExit(status);
    }

    /** A shell request without a pty (input on a pipe): gogo.shell's line-based console. */
    private static int console(CommandSession session, PrintStream o) {
        o.println(JlineConsole.greeting(LEAVE));
        try {
            // the console of gogo.shell: reads etc/gosh_profile (prompt, scope), then one line at a time
            session.execute("gosh --login --noshutdown --quiet");
            return 0;
        } catch (Exception ex) {
            o.println("keel: " + message(ex));
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
