package dev.keel.kernel.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.Closeable;
import java.io.IOException;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

import dev.keel.kernel.release.ReleaseStore;

/**
 * The cluster's release policy in ZooKeeper, through Apache Curator: one znode per plugin under
 * {@value #ROOT}, whose data is the plugin's release state and whose version is what a write compares and sets; a
 * {@link CuratorCache} on {@value #ROOT} tells this node of every change (and of what was there when it began).
 * Registered by {@link ClusterNode} while clustering is on; its classes come with the bundles of {@code cluster/}.
 */
final class ZooKeeperReleaseStore implements ReleaseStore, AutoCloseable {

    /** Where the release states live. */
    static final String ROOT = "/keel/release";
    /** Plugin names that are one znode name (a bundle's plugin name could hold anything). */
    private static final Pattern PLUGIN = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private final String node;
    private final CuratorFramework client;

    ZooKeeperReleaseStore(String node, String connect, int sessionTimeoutMs) {
        this.node = node;
        this.client = CuratorFrameworkFactory.builder().connectString(connect).sessionTimeoutMs(sessionTimeoutMs)
                .connectionTimeoutMs(Math.min(sessionTimeoutMs, 5000))
                .retryPolicy(new ExponentialBackoffRetry(100, 3)).build();
        client.start();
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public Entry read(String plugin) throws IOException {
        Stat stat = new Stat();
        try {
            byte[] data = client.getData().storingStatIn(stat).forPath(path(plugin));
            return new Entry(plugin, stat.getVersion(), data == null ? "" : new String(data, UTF_8));
        } catch (KeeperException.NoNodeException e) {
            return new Entry(plugin, -1, "");
        } catch (Exception e) {
            throw failure("read", plugin, e);
        }
    }

    @Override
    public OptionalInt compareAndSet(String plugin, int expectedVersion, String text) throws IOException {
        byte[] data = text.getBytes(UTF_8);
        try {
            if (expectedVersion < 0) {
                client.create().creatingParentsIfNeeded().forPath(path(plugin), data);
                return OptionalInt.of(0);
            }
            return OptionalInt.of(client.setData().withVersion(expectedVersion).forPath(path(plugin), data)
                    .getVersion());
        } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException
                | KeeperException.NoNodeException e) {
            return OptionalInt.empty(); // another node wrote first
        } catch (Exception e) {
            throw failure("write", plugin, e);
        }
    }

    @Override
    public Closeable watch(Listener listener) throws IOException {
        CuratorCache cache = CuratorCache.build(client, ROOT);
        AtomicBoolean initialized = new AtomicBoolean();
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreatesAndChanges((before, now) -> deliver(listener, now, !initialized.get()))
                .forInitialized(() -> initialized.set(true)).build());
        cache.start();
        return cache::close;
    }

    @Override
    public void close() {
        client.close();
    }

    private static void deliver(Listener listener, ChildData data, boolean replay) {
        String path = data.getPath();
        if (path == null || !path.startsWith(ROOT + "/") || data.getStat() == null) {
            return; // the root itself
        }
        String plugin = path.substring(ROOT.length() + 1);
        if (PLUGIN.matcher(plugin).matches()) {
            byte[] bytes = data.getData();
            listener.changed(new Entry(plugin, data.getStat().getVersion(), bytes == null ? ""
                    : new String(bytes, UTF_8)), replay);
        }
    }

    private static String path(String plugin) {
        if (plugin == null || !PLUGIN.matcher(plugin).matches()) {
            throw new IllegalArgumentException("a plugin name of letters, digits, '.', '_' and '-' only, not "
                    + plugin);
        }
        return ROOT + "/" + plugin;
    }

    private static IOException failure(String what, String plugin, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IOException("ZooKeeper: cannot " + what + " " + ROOT + "/" + plugin + ": " + e, e);
    }
}
