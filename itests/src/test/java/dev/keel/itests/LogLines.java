package dev.keel.itests;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/** Collects the messages of log records from the OSGi log while a test runs. */
public final class LogLines implements AutoCloseable {

    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final LogReaderService reader;
    private final ServiceReference<LogReaderService> ref;
    private final BundleContext context;
    private final LogListener listener = entry -> messages.add(entry.getLogLevel() + " " + entry.getMessage());

    public LogLines(BundleContext context) {
        this.context = context;
        this.ref = context.getServiceReference(LogReaderService.class);
        this.reader = context.getService(ref);
        reader.addLogListener(listener);
    }

    /** The messages seen so far that contain every one of the parts. */
    public List<String> containing(String... parts) {
        List<String> out = new ArrayList<>();
        for (String m : messages) {
            boolean all = true;
            for (String p : parts) {
                all &= m.contains(p);
            }
            if (all) {
                out.add(m);
            }
        }
        return out;
    }

    @Override
    public void close() {
        reader.removeLogListener(listener);
        context.ungetService(ref);
    }

    @Override
    public String toString() {
        return messages.toString();
    }
}
