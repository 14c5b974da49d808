package dev.keel.kernel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.keel.kernel.security.Actors;
import dev.keel.kernel.security.Audit.Actor;

class ShellActorTest {

    /** A command that answers who runs it. */
    public static final class Who {
        public String who() {
            Actor a = ShellActor.current();
            return a.subject() + "|" + a.via() + "|" + a.from();
        }
    }

    private final ThreadIOImpl io = new ThreadIOImpl();
    private CommandProcessorImpl processor;

    @BeforeEach
    void processor() {
        io.start();
        processor = new CommandProcessorImpl(io);
        processor.addCommand("keel", new Who());
    }

    @AfterEach
    void stop() {
        processor.stop();
        io.stop();
    }

    private Object run(Actor actor, String line) throws Exception {
        PrintStream out = new PrintStream(new ByteArrayOutputStream());
        try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out)) {
            if (actor != null) {
                session.put(Actors.SESSION_ATTRIBUTE, actor);
            }
            return session.execute(line);
        }
    }

    @Test
    void aCommandRunsAsTheActorOfItsSession() throws Exception {
        Actor ssh = new Actor("alice", "ssh", "ssh:alice@10.0.0.2:53122#7");
        assertEquals("alice|ssh|ssh:alice@10.0.0.2:53122#7", run(ssh, "keel:who"));
    }

    @Test
    void aSessionWithoutOneIsTheLocalConsole() throws Exception {
        assertEquals(System.getProperty("user.name") + "|console|local", run(null, "keel:who"));
    }
}
