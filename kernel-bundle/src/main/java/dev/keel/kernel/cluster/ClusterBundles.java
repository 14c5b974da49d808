package dev.keel.kernel.cluster;

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
 * The bundles of {@code cluster/} (Aries RSA, the ZooKeeper client, Keel's endpoint parser): installed and started
 * (transiently: a restart with clustering off does not start them) when clustering is turned on, stopped and
 * uninstalled when it is turned off. A single node never loads them.
 */
final class ClusterBundles {

    private static final int START_LEVEL = 2;

    private final BundleContext context;
    private final Path folder;

    ClusterBundles(BundleContext context, Path folder) {
        this.context = context;
        this.folder = folder.toAbsolutePath().normalize();
    }

    /** Installs what is not installed yet, then starts every bundle of the folder; returns them. */
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
        bundles.sort(Comparator.comparingInt(ClusterBundles::startRank).thenComparing(Bundle::getSymbolicName));
        for (Bundle b : bundles) {
            if (b.getHeaders().get("Fragment-Host") == null && b.getState() != Bundle.ACTIVE) {
                b.start(Bundle.START_TRANSIENT);
            }
        }
        return bundles;
    }

    /** Stops and uninstalls every installed bundle of the folder; returns how many there were. */
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

    /**
     * Libraries first (Aries RSA core takes the SPI bundle's context when its provider arrives, and gets none while
     * that bundle is not started yet), then Remote Service Admin, its provider, the discovery, the topology manager.
     */
    static int startRank(Bundle b) {
        String name = String.valueOf(b.getSymbolicName());
        if (!name.startsWith("org.apache.aries.rsa") || name.endsWith(".spi")) {
            return 0;
        }
        if (name.endsWith(".core")) {
            return 1;
        }
        if (name.contains(".provider")) {
            return 2;
        }
        return name.contains(".discovery") ? 3 : 4;
    }

    private List<Path> jars() throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("no folder " + folder + " (the distribution's cluster bundles)");
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }
}
