package dev.keel.kernel.terminal;

import java.io.IOError;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.apache.felix.service.command.CommandProcessor;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * The console on the terminal of {@code bin/keel} (the framework property
 * {@code keel.console=true}, which only {@code bin/keel}'s foreground mode sets):
 * the same JLine console as over SSH, on the process's own terminal, or on a
 * dumb terminal when stdin is a pipe. It opens once the framework has started,
 * prints what {@code keel:ready} says and the command groups; when it ends
 * (Ctrl-D, end of input, {@code exit}) it stops the framework, so Keel exits 0.
 * Without the property (pax-exam, {@code bin/keel run}) it does nothing.
 */
@Component(service = LocalConsole.class, immediate = true)
public final class LocalConsole {

    /** Framework property that turns the console on. */
    static final String PROPERTY = "keel.console";

    /** How the local console ends, the last line of its greeting. */
    static final String LEAVE = "Ctrl-D, 'exit' or 'shutdown' stops Keel.";

    private final BundleContext context;
    private final CommandProcessor processor;
    private final Logger log;
    private final CountDownLatch started = new CountDownLatch(1);
    private final FrameworkListener listener = event -> {
        if (event.getType() == FrameworkEvent.STARTED) {
            started.countDown();
        }
    };
    private final Thread thread;
    private volatile boolean closing;

    @Activate
    public LocalConsole(BundleContext context, @Reference CommandProcessor processor,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.context = context;
        this.processor = processor;
        this.log = log;
        if (!Boolean.parseBoolean(context.getProperty(PROPERTY))) {
            thread = null;
            return;
        }
        context.addFrameworkListener(listener);
        if (context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).getState() == Bundle.ACTIVE) {
            started.countDown();
        }
        thread = new Thread(this::run, "keel-console");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            started.await(); // the prompt comes once every start level is up, as gosh's did at level 4
        } catch (InterruptedException e) {
            return;
        }
        try (Terminal terminal = systemTerminal()) {
            JlineConsole.run(terminal, processor, new CommandCompleter(context), history(), List.of("keel:ready"),
                    JlineConsole.greeting(LEAVE));
        } catch (IOException | IOError | RuntimeException e) {
            if (closing) {
                return;
            }
            log.error("console: {}", JlineConsole.message(e));
        }
        if (!closing) {
            try {
                context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).stop();
            } catch (BundleException | IllegalStateException e) {
                log.error("console: stopping Keel failed: {}", JlineConsole.message(e));
            }
        }
    }

    /**
     * The process's terminal, or a dumb one on stdin/stdout when they are not a
     * terminal (a pipe, a file). JLine finds its terminal providers (native, or
     * {@code stty} through exec) through the context class loader: the JLine bundle's.
     */
    static Terminal systemTerminal() throws IOException {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(TerminalBuilder.class.getClassLoader());
        try {
            Terminal terminal = TerminalBuilder.builder().name("keel").system(true).dumb(true).build();
            if (terminal.getWidth() <= 0 || terminal.getHeight() <= 0) {
                // a pty nobody sized (script, docker -t without a size): JLine would cut the prompt to nothing
                terminal.setSize(new Size(80, 24));
            }
            return terminal;
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    /** The history the SSH console keeps too: {@code data/ssh/history}, owner-only like the rest of data/ssh. */
    private Path history() throws IOException {
        String home = context.getProperty("keel.home");
        Path file = home == null ? context.getDataFile("history").toPath() : Path.of(home, "data", "ssh", "history");
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        }
        return file;
    }

    @Deactivate
    void deactivate() {
        closing = true;
        if (thread != null) {
            try {
                context.removeFrameworkListener(listener);
            } catch (IllegalStateException e) {
                // the framework is going away
            }
            thread.interrupt();
        }
    }
}
