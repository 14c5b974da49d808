package dev.keel.kernel.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.apache.sshd.server.Environment;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Attributes.OutputFlag;
import org.jline.terminal.Size;
import org.junit.jupiter.api.Test;

class SshTerminalTest {

    @Test
    void theTerminalSizeComesFromThePtyRequestWithSaneFallbacks() {
        assertEquals(new Size(132, 50), SshTerminal.size(Map.of(Environment.ENV_COLUMNS, "132", Environment.ENV_LINES, "50")));
        assertEquals(new Size(80, 24), SshTerminal.size(Map.of()));
        assertEquals(new Size(80, 24), SshTerminal.size(Map.of(Environment.ENV_COLUMNS, "0", Environment.ENV_LINES, "x")));
    }

    @Test
    void ctrlCInterruptsCtrlDEndsAndNewLinesPrintAsCrLf() {
        Attributes a = SshTerminal.attributes(new Attributes());

        assertTrue(a.getLocalFlag(LocalFlag.ISIG));
        assertTrue(a.getOutputFlag(OutputFlag.OPOST) && a.getOutputFlag(OutputFlag.ONLCR));
        assertEquals(3, a.getControlChar(ControlChar.VINTR));
        assertEquals(4, a.getControlChar(ControlChar.VEOF));
    }
}
