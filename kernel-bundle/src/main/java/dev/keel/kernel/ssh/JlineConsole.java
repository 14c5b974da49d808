package dev.keel.kernel.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.sshd.server.Environment;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Attributes.OutputFlag;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;

/**
 * The interactive console of an SSH channel with a terminal (pty): a JLine line
 * editor on the channel's streams with completion of command names (and plugin
 * names after the keel: plugin commands) and a history kept in {@code data/ssh/history}.
 * Each line runs in the channel's Gogo session; Ctrl-C interrupts it, Ctrl-D or
 * {@code exit} ends the session.
 */
final class JlineConsole {

    static final String PROMPT = "keel> ";

    private JlineConsole() {
    }

    static int run(CommandProcessor processor, CommandCompleter completer, Path history, InputStream in,
            OutputStream out, Environment env) throws IOException {
        Map<String, String> vars = env.getEnv();
        try (Terminal terminal = terminal(vars, in, out)) {
            terminal.setAttributes(attributes(terminal.getAttributes()));
            env.addSignalListener((channel, signal) -> {
                terminal.setSize(size(vars));
                terminal.raise(Terminal.Signal.WINCH);
            }, org.apache.sshd.server.Signal.WINCH);
            PrintStream print = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
            try (CommandSession session = processor.createSession(terminal.input(), print, print)) {
                session.put("SCOPE", GogoChannel.SCOPE);
                LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("keel")
                        .completer(completer).variable(LineReader.HISTORY_FILE, history).build();
                print.println("Connected to Keel. Tab completes, Up and Down walk the history; 'help keel:<command>' "
                        + "explains one. Ctrl-D or 'exit' closes this session; 'shutdown' stops Keel.");
                loop(terminal, reader, session, print);
                reader.getHistory().save();
            }
        }
        return 0;
    }

    /** A terminal's usual line discipline: Ctrl-C interrupts, Ctrl-D ends, Enter is a new line, \n prints as \r\n. */
    static Attributes attributes(Attributes a) {
        a.setLocalFlag(LocalFlag.ISIG, true);
        a.setInputFlag(InputFlag.ICRNL, true);
        a.setOutputFlag(OutputFlag.OPOST, true);
        a.setOutputFlag(OutputFlag.ONLCR, true);
        a.setControlChar(ControlChar.VINTR, 3);
        a.setControlChar(ControlChar.VQUIT, 28);
        a.setControlChar(ControlChar.VSUSP, 26);
        a.setControlChar(ControlChar.VEOF, 4);
        a.setControlChar(ControlChar.VERASE, 127);
        return a;
    }

    /**
     * A terminal whose line discipline runs here, in Java, on the channel's streams
     * (not a local pty: Ctrl-C must reach this console, not a process group).
     */
    private static Terminal terminal(Map<String, String> vars, InputStream in, OutputStream out) throws IOException {
        Terminal terminal = new ExternalTerminal("keel", vars.getOrDefault(Environment.ENV_TERM, "xterm"), in, out,
                StandardCharsets.UTF_8);
        terminal.setSize(size(vars));
        return terminal;
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
                GogoChannel.execute(session, command, print, print);
            } finally {
                terminal.handle(Terminal.Signal.INT, previous);
                Thread.interrupted(); // a Ctrl-C that came after the command ended
            }
        }
    }

    static Size size(Map<String, String> vars) {
        return new Size(number(vars.get(Environment.ENV_COLUMNS), 80), number(vars.get(Environment.ENV_LINES), 24));
    }

    private static int number(String value, int fallback) {
        try {
            int n = value == null ? fallback : Integer.parseInt(value.trim());
            return n > 0 ? n : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
