package dev.keel.kernel.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console on a terminal fed with keystrokes, over a real Gogo command processor. */
class JlineConsoleTest {

    /** A command group as the kernel registers one. */
    public static final class Fixture {
        public String health() {
            return "UP: 3 plugins ACTIVE";
        }

        public String plugin(String name) {
            return "plugin " + name;
        }

        public String ready() {
            return "Keel is ready: 3 plugins ACTIVE";
        }
    }

    private final ThreadIOImpl io = new ThreadIOImpl();
    private CommandProcessorImpl processor;

    @TempDir
    Path dir;

    @BeforeEach
    void processor() {
        io.start();
        processor = new CommandProcessorImpl(io);
        processor.addCommand("keel", new Fixture());
    }

    @AfterEach
    void stop() {
        processor.stop();
        io.stop();
    }

    private String console(String keys, List<String> first) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandCompleter completer = new CommandCompleter(
                () -> CommandCompleter.names("keel", new String[] {"health", "plugin", "ready"}), () -> Set.of("payment"));
        try (Terminal terminal = new ExternalTerminal("test", "xterm",
                new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)), out, StandardCharsets.UTF_8)) {
            JlineConsole.run(terminal, processor, completer, dir.resolve("history"), first, JlineConsole.greeting("bye"));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void tabCompletesCommandAndPluginNamesAndTheLineRuns() throws Exception {
        String out = console("keel:he\t\rkeel:plugin pay\t\r\u0004", List.of());

        assertTrue(out.contains("UP: 3 plugins ACTIVE"), out);
        assertTrue(out.contains("plugin payment"), out);
    }

    @Test
    void theFirstCommandsAndTheGreetingComeBeforeThePromptAndTheHistoryIsKept() throws Exception {
        String out = console("keel:health\rexit\r", List.of("keel:ready"));

        int ready = out.indexOf("Keel is ready: 3 plugins ACTIVE");
        int groups = out.indexOf("  releases    keel:releases");
        int prompt = out.indexOf(JlineConsole.PROMPT);
        assertTrue(ready >= 0 && ready < groups && groups < prompt, out);
        for (String group : List.of("plugins", "releases", "governance", "config", "log")) {
            assertTrue(out.contains("\n  " + group + " "), "no line for " + group + " in\n" + out);
        }
        assertTrue(out.contains("bye"), out);
        assertEquals(List.of("keel:health", "exit"), Files.readAllLines(dir.resolve("history")).stream()
                .map(l -> l.substring(l.indexOf(':') + 1)).toList());
    }

    @Test
    void aFailingCommandIsOneLine() throws Exception {
        String out = console("keel:nothing\r\u0004", List.of());

        assertTrue(out.contains("keel: Command not found: keel:nothing"), out);
        assertTrue(!out.contains("\tat "), out);
    }

    @Test
    void commandsCompleteScopedAndPlain() {
        assertEquals(Set.of("keel:plugins", "plugins", "keel:plugin", "plugin"),
                CommandCompleter.names("keel", new String[] {"plugins", "plugin"}));
        assertEquals(Set.of("felix:lb", "lb"), CommandCompleter.names("felix", "lb"));
        assertEquals(Set.of(), CommandCompleter.names("x", null));
    }
}
