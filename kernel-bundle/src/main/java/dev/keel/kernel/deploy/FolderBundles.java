package dev.keel.kernel.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * The bundles of one optional folder of the distribution (e.g. {@code cluster/}, {@code webconsole/}): installed
 * (all before any starts, so they resolve together) and started transiently when the option is turned on, so a
 * restart with it off does not start them; uninstalled when it is turned off. Without the option they are never
 * loaded.
 */
public final class FolderBundles {

    /**
     * The platform's level, the kernel's own: the kernel turns an option on while the framework may still be at
     * this level, and a transient start of a bundle above the framework's level fails.
     */
    static final int START_LEVEL = 2;

    private final BundleContext context;
    private final Path folder;
    private final String what;
    private final Comparator<Bundle> startOrder;

    /**
     * @param what what the folder holds, for the error when it is missing (e.g. "the distribution's cluster bundles")
     * @param startOrder the order the bundles start in
     */
    public FolderBundles(BundleContext context, Path folder, String what, Comparator<Bundle> startOrder) {
        this.context = context;
        this.folder = folder.toAbsolutePath().normalize();
        this.what = what;
        this.startOrder = startOrder;
    }

    public Path folder() {
        return folder;
    }

    /** Installs what is not installed yet, then starts every bundle of the folder (fragments aside); returns them. */
    public List<Bundle> start() throws IOException, BundleException {
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
        bundles.sort(startOrder);
        for (Bundle b : bundles) {
            if (b.getHeaders().get("Fragment-Host") == null && b.getState() != Bundle.ACTIVE) {
                b.start(Bundle.START_TRANSIENT);
            }
        }
        return bundles;
    }

    /** Uninstalls (so stops) every installed bundle of the folder; returns how many there were. */
    public int stop() throws BundleException {
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
            throw new IOException("no folder " + folder + " (" + what + ")");
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }
}
