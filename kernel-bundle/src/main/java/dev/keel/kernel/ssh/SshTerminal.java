package dev.keel.kernel.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.sshd.server.Environment;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Attributes.OutputFlag;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;

/**
 * The terminal of an SSH channel with a pty: its line discipline runs here, in
 * Java, on the channel's streams (not a local pty: Ctrl-C must reach this
 * console, not a process group), sized by the pty request and its window changes.
 */
final class SshTerminal {

    private SshTerminal() {
    }

    static Terminal open(Environment env, InputStream in, OutputStream out) throws IOException {
        Map<String, String> vars = env.getEnv();
        Terminal terminal = new ExternalTerminal("keel", vars.getOrDefault(Environment.ENV_TERM, "xterm"), in, out,
                StandardCharsets.UTF_8);
        terminal.setSize(size(vars));
        terminal.setAttributes(attributes(terminal.getAttributes()));
        env.addSignalListener((channel, signal) -> {
            terminal.setSize(size(vars));
            terminal.raise(Terminal.Signal.WINCH);
        }, org.apache.sshd.server.Signal.WINCH);
        return terminal;
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
