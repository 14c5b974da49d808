package dev.keel.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientOptionsTest {

    @TempDir
    Path home;

    private ClientOptions parse(Map<String, String> env, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--home";
        all[1] = home.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return ClientOptions.parse(all, env);
    }

    @Test
    void oneArgumentIsAWholeCommandLineSeveralAreQuotedOneByOne() {
        assertNull(ClientOptions.commandLine(new String[0]));
        assertEquals("lb | grep keel", ClientOptions.commandLine(new String[] {"lb | grep keel"}));
        assertEquals("keel:plugins", ClientOptions.commandLine(new String[] {"keel:plugins"}));
        assertEquals("keel:update payment '/tmp/keel smoke/new build.jar'",
                ClientOptions.commandLine(new String[] {"keel:update", "payment", "/tmp/keel smoke/new build.jar"}));
        assertEquals("echo 'it\\'s' '$x'", ClientOptions.commandLine(new String[] {"echo", "it's", "$x"}));
        assertEquals("keel:uninstall --force payment",
                ClientOptions.commandLine(new String[] {"keel:uninstall", "--force", "payment"}));
    }

    @Test
    void optionsComeFirstThenTheCommand() {
        ClientOptions o = parse(Map.of(), "--user", "alice", "--password", "--port", "9001", "keel:plugin", "--x");

        assertEquals("alice", o.user());
        assertTrue(o.askPassword());
        assertEquals(9001, o.port());
        assertEquals("keel:plugin --x", o.command());
        assertEquals(home.resolve("data/ssh/client_key"), o.key());
        assertEquals(home.resolve("data/ssh/known_hosts"), o.knownHosts());
        assertEquals("127.0.0.1", o.host());
    }

    @Test
    void badUsageIsOneClearLine() {
        assertEquals("unknown option --verbose",
                assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--verbose")).getMessage());
        assertEquals("--port needs a value",
                assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--port")).getMessage());
        assertEquals("--port must be a port number from 1 to 65535, not 'ssh'",
                assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--port", "ssh")).getMessage());
    }

    @Test
    void portComesFromTheOptionTheEnvironmentTheRunningInstanceTheConfigurationOrTheDefault() throws Exception {
        assertEquals(8101, parse(Map.of()).port());

        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/keel.ssh.cfg"), "# the shell\nenabled=true\nport = 8202\n");
        assertEquals(8202, parse(Map.of()).port());

        Files.createDirectories(home.resolve("data/ssh"));
        Files.writeString(home.resolve("data/ssh/port"), "40123\n");
        assertEquals(40123, parse(Map.of()).port());

        assertEquals(9000, parse(Map.of("KEEL_SSH_PORT", "9000")).port());
        assertEquals(9100, parse(Map.of("KEEL_SSH_PORT", "9000"), "--port", "9100").port());
        assertEquals("KEEL_SSH_PORT must be a port number from 1 to 65535, not '0'", assertThrows(
                IllegalArgumentException.class, () -> parse(Map.of("KEEL_SSH_PORT", "0")).port()).getMessage());
    }
}
