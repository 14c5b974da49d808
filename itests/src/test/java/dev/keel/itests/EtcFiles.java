package dev.keel.itests;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;

/**
 * The {@code etc/} folder FileInstall watches, written and read as an operator
 * would, without racing the write-back. Two things make a naive write flaky:
 * <ul>
 * <li>After a configuration update through ConfigAdmin the kernel writes the
 * {@code .cfg} file back ({@code CfgWriteBack}, a ConfigurationListener; whole
 * files renamed into place, never half a file). A test that checks the file
 * right after such an update may look before the write-back.</li>
 * <li>FileInstall's checksum is made of the file's name and modification time,
 * whose clock ticks coarsely: a file written in the same tick as the last
 * write looks unchanged.</li>
 * </ul>
 * So every write and read first {@link #settle() settles}: ConfigAdmin hands
 * events to its listeners (the kernel's write-back among them) one after the
 * other on one thread, so once the event of a later update of a barrier PID has
 * arrived, every earlier write-back is done. And a write gets a modification
 * time other than the current file's.
 */
public final class EtcFiles implements AutoCloseable {

    /** Updated through ConfigAdmin (no file) to wait for every earlier configuration event. */
    public static final String BARRIER_PID = "keel.itest.barrier";

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final AtomicInteger barriersSent = new AtomicInteger();
    private final AtomicInteger barriersSeen = new AtomicInteger();
    private final ServiceRegistration<ConfigurationListener> listener;

    public EtcFiles(BundleContext context, ConfigurationAdmin configAdmin) {
        this.context = context;
        this.configAdmin = configAdmin;
        this.listener = context.registerService(ConfigurationListener.class, e -> {
            if (e.getType() == ConfigurationEvent.CM_UPDATED && BARRIER_PID.equals(e.getPid())) {
                barriersSeen.incrementAndGet();
            }
        }, null);
    }

    /** The folder FileInstall watches. */
    public Path dir() {
        return Path.of(Objects.requireNonNull(context.getProperty("felix.fileinstall.dir")));
    }

    /** Returns once every configuration event so far has been handled by every listener (FileInstall's too). */
    public void settle() {
        int n = barriersSent.incrementAndGet();
        try {
            configAdmin.getConfiguration(BARRIER_PID, "?").update(new Hashtable<>(Map.of("n", n)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Await.until("ConfigAdmin's listeners handled every earlier event", () -> barriersSeen.get() >= n);
    }

    /**
     * Replaces a file in one step (a temporary file renamed over it), once
     * FileInstall is done with the last update, with a modification time it has
     * not seen.
     */
    public void write(Path file, String content) throws IOException {
        settle();
        FileTime before = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Await.until("a modification time other than " + before, () -> {
            try {
                Files.writeString(tmp, content, StandardCharsets.ISO_8859_1);
                return !Files.getLastModifiedTime(tmp).equals(before);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A file's properties, once FileInstall has written back what it last applied. */
    public Properties read(Path file) throws IOException {
        settle();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            p.load(r);
        }
        return p;
    }

    /** A file's text, once FileInstall has written back what it last applied. */
    public String text(Path file) throws IOException {
        settle();
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }

    /** Deletes a file once FileInstall is done with it (a late write-back would create it again). */
    public void delete(Path file) throws IOException {
        settle();
        Files.deleteIfExists(file);
    }

    @Override
    public void close() {
        listener.unregister();
        try {
            org.osgi.service.cm.Configuration[] barrier = configAdmin.listConfigurations(
                    "(service.pid=" + BARRIER_PID + ")");
            if (barrier != null) {
                barrier[0].delete();
            }
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
