package dev.keel.kernel.webconsole;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * The bundles of {@code webconsole/} (the Felix Web Console, its libraries and Keel's security provider for it):
 * all installed, then started transiently (a restart with the Web Console off does not start them); stopped and
 * uninstalled again when it is turned off.
 */
final class WebConsoleBundles {

    /**
     * The platform's level, the kernel's own: the kernel turns the Web Console on while the framework may still be
     * at this level, and a transient start of a bundle above the framework's level fails.
     */
    static final int START_LEVEL = 2;

    private final BundleContext context;
    private final Path folder;

    WebConsoleBundles(BundleContext context, Path folder) {
        this.context = context;
        this.folder = folder.toAbsolutePath().normalize();
    }

    Path folder() {
        return folder;
    }

    /** Installs what is not installed yet (all before any starts, so they resolve together), then starts them. */
    List<Bundle> start() throws IOException, BundleException {
        List<Bundle> bundles = new ArrayList<>();
        for (Path jar : jars()) {
            String location = jar.toUri().toString();
            Bundle b = context.getBundle(location);
            if (b == null) {
                b = context.installBundle(location);
                b.adapt(BundleStartLevel.class).setStartLevel(START_LEVEL);
            }
            bundles.add(b);
        }
        for (Bundle b : bundles) {
            if (b.getHeaders().get("Fragment-Host") == null && b.getState() != Bundle.ACTIVE) {
                b.start(Bundle.START_TRANSIENT);
            }
        }
        return bundles;
    }

    /** Uninstalls every installed bundle of the folder; returns how many there were. */
    int stop() throws BundleException {
        String prefix = folder.toUri().toString();
        int n = 0;
        for (Bundle b : context.getBundles()) {
            if (b.getLocation().startsWith(prefix)) {
                b.uninstall();
                n++;
            }
        }
        return n;
    }

    private List<Path> jars() throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("no folder " + folder + " (the distribution's Web Console bundles)");
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }
}
