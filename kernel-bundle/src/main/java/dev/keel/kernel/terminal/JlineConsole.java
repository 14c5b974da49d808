package dev.keel.kernel.terminal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

import dev.keel.kernel.security.Actors;
import dev.keel.kernel.security.Audit;

/**
 * Keel's one interactive console, on whatever terminal it is given (the local
 * one of {@code bin/keel}, or an SSH channel's): a JLine line editor with
 * completion of command names (and plugin names after the keel: plugin
 * commands) and a history file. Each line runs in one Gogo session; Ctrl-C
 * interrupts a running command, Ctrl-D or {@code exit} ends the console.
 */
public final class JlineConsole {

    public static final String PROMPT = "keel> ";

    /** Unscoped names find the standard commands first ({@code start 12} is the bundle command), as in gosh. */
    public static final String SCOPE = "gogo:felix:keel:*";

    /** The command groups, one line each. */
    static final String GROUPS = """
            Commands ('help keel:<command>' explains one; Tab completes, Up/Down walk the history, docs/shell.md lists all):
              plugins     keel:plugins, keel:plugin NAME, keel:start|stop NAME, keel:install JAR, keel:update|uninstall NAME
              releases    keel:releases, keel:canary PLUGIN VERSION WEIGHT, keel:promote|rollback PLUGIN
              governance  keel:health, keel:breakers, keel:breaker reset PLUGIN, keel:metrics [PLUGIN], keel:events
              config      keel:config [PID [KEY VALUE]]: what each PID sets, its values, rejected values; set one live
              log         keel:log level [PLUGIN LEVEL], keel:log tail [N]
            """;

    private JlineConsole() {
    }

    /** The greeting: the command groups, then how this console ends. */
    public static String greeting(String howToLeave) {
        return GROUPS + howToLeave;
    }

    /**
     * Runs the console on {@code terminal} until Ctrl-D or {@code exit}: first
     * the {@code first} command lines (their output printed as if typed), then
     * the greeting, then a prompt per line.
     */
    public static void run(Terminal terminal, CommandProcessor processor, Completer completer, Path history,
            List<String> first, String greeting) throws IOException {
        run(terminal, processor, completer, history, first, greeting, null);
    }

    /**
     * Like {@link #run(Terminal, CommandProcessor, Completer, Path, List, String)}, for a console whose user
     * is known (SSH): {@code actor} goes into the session as {@link Actors#SESSION_ATTRIBUTE}, for the audit
     * trail; null: the local console.
     */
    public static void run(Terminal terminal, CommandProcessor processor, Completer completer, Path history,
            List<String> first, String greeting, Audit.Actor actor) throws IOException {
        PrintStream print = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
        try (CommandSession session = processor.createSession(terminal.input(), print, print)) {
            session.put("SCOPE", SCOPE);
            session.put(Actors.SESSION_ATTRIBUTE, actor == null ? Actors.shell(null) : actor);
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("keel")
                    .completer(completer).variable(LineReader.HISTORY_FILE, history).build();
            for (String line : first) {
                execute(session, line, print, print);
            }
            print.println(greeting);
            loop(terminal, reader, session, print);
            reader.getHistory().save();
        }
    }

    private static void loop(Terminal terminal, LineReader reader, CommandSession session, PrintStream print) {
        while (true) {
            String line;
            try {
                line = reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                print.println();
                return;
            }
            String command = line.strip();
            if (command.isEmpty()) {
                continue;
            }
            if (command.equals("exit") || command.equals("logout")) {
                return;
            }
            Thread current = Thread.currentThread();
            Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> current.interrupt());
            try {
                execute(session, command, print, print);
            } finally {
                terminal.handle(Terminal.Signal.INT, previous);
                Thread.interrupted(); // a Ctrl-C that came after the command ended
            }
        }
    }

    /** Runs one command line; the result goes to out, a failure in one line to err. */
    public static int execute(CommandSession session, String line, PrintStream o, PrintStream e) {
        try {
            Object result = session.execute(line);
            if (result != null) {
                CharSequence text = session.format(result, Converter.INSPECT);
                String s = text.toString();
                o.print(s.endsWith("\n") ? s : s + "\n");
            }
            return 0;
        } catch (Exception ex) {
            e.println("keel: " + message(ex));
            return 1;
        }
    }

    /** The first line of the deepest useful message: never a stack trace. */
    public static String message(Throwable t) {
        Throwable c = t;
        while (c.getMessage() == null && c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        if (m == null || m.isBlank()) {
            return c.getClass().getSimpleName();
        }
        return m.lines().findFirst().orElse(m).strip();
    }
}
