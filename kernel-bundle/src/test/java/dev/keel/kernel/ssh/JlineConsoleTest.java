package dev.keel.kernel.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;

import org.apache.sshd.server.Environment;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Attributes.OutputFlag;
import org.jline.terminal.Size;
import org.junit.jupiter.api.Test;

class JlineConsoleTest {

    @Test
    void theTerminalSizeComesFromThePtyRequestWithSaneFallbacks() {
        assertEquals(new Size(132, 50), JlineConsole.size(Map.of(Environment.ENV_COLUMNS, "132", Environment.ENV_LINES, "50")));
        assertEquals(new Size(80, 24), JlineConsole.size(Map.of()));
        assertEquals(new Size(80, 24), JlineConsole.size(Map.of(Environment.ENV_COLUMNS, "0", Environment.ENV_LINES, "x")));
    }

    @Test
    void ctrlCInterruptsCtrlDEndsAndNewLinesPrintAsCrLf() {
        Attributes a = JlineConsole.attributes(new Attributes());

        assertTrue(a.getLocalFlag(LocalFlag.ISIG));
        assertTrue(a.getOutputFlag(OutputFlag.OPOST) && a.getOutputFlag(OutputFlag.ONLCR));
        assertEquals(3, a.getControlChar(ControlChar.VINTR));
        assertEquals(4, a.getControlChar(ControlChar.VEOF));
    }

    @Test
    void commandsCompleteScopedAndPlain() {
        assertEquals(Set.of("keel:plugins", "plugins", "keel:plugin", "plugin"),
                CommandCompleter.names("keel", new String[] {"plugins", "plugin"}));
        assertEquals(Set.of("felix:lb", "lb"), CommandCompleter.names("felix", "lb"));
        assertEquals(Set.of(), CommandCompleter.names("x", null));
    }
}
