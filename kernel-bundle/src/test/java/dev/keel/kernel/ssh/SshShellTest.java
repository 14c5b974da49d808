package dev.keel.kernel.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SshShellTest {

    @Test
    void theFrameworkPropertyOverridesTheConfiguredPortWhenItIsAPort() {
        assertEquals(8101, SshShell.port(8101, null));
        assertEquals(8101, SshShell.port(8101, " "));
        assertEquals(9000, SshShell.port(8101, "9000"));
        assertEquals(0, SshShell.port(8101, "0"));
        assertEquals(8101, SshShell.port(8101, "ssh"));
        assertEquals(8101, SshShell.port(8101, "70000"));
    }

    @Test
    void errorsAreTheFirstLineOfTheFirstMessage() {
        assertEquals("unknown plugin: x", GogoChannel.message(new IllegalArgumentException("unknown plugin: x\n\tat y")));
        assertEquals("inner", GogoChannel.message(new RuntimeException(null, new IllegalStateException("inner"))));
        assertEquals("NullPointerException", GogoChannel.message(new NullPointerException()));
    }
}
