package dev.keel.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** Runs a Gogo command line through the framework's CommandProcessor, as the console would. */
public final class Shell {

    private Shell() {
    }

    /** The command's result as text (or what it printed, when it returns nothing). */
    public static String run(BundleContext context, String line) throws Exception {
        ServiceReference<CommandProcessor> ref = context.getServiceReference(CommandProcessor.class);
        if (ref == null) {
            throw new AssertionError("no Gogo CommandProcessor");
        }
        CommandProcessor processor = context.getService(ref);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), print, print);
            try {
                Object result = session.execute(line);
                return result == null ? out.toString(StandardCharsets.UTF_8) : String.valueOf(result);
            } finally {
                session.close();
            }
        } finally {
            context.ungetService(ref);
        }
    }
}
