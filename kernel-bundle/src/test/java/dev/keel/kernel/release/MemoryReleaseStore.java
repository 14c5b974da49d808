package dev.keel.kernel.release;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ReleaseStore} in memory for the nodes of one test: entries with versions and compare-and-set as
 * ZooKeeper has them (create at -1, then 0, 1, ...), each change told to every watcher.
 */
final class MemoryReleaseStore {

    private final Map<String, ReleaseStore.Entry> entries = new ConcurrentHashMap<>();
    private final List<ReleaseStore.Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean down;

    /** The store as node {@code node} sees it. */
    ReleaseStore node(String node) {
        return new ReleaseStore() {
            @Override
            public String node() {
                return node;
            }

            @Override
            public Entry read(String plugin) throws IOException {
                check();
                return entries.getOrDefault(plugin, new Entry(plugin, -1, ""));
            }

            @Override
            public OptionalInt compareAndSet(String plugin, int expectedVersion, String text) throws IOException {
                check();
                return MemoryReleaseStore.this.compareAndSet(plugin, expectedVersion, text);
            }

            @Override
            public Closeable watch(Listener listener) {
                synchronized (MemoryReleaseStore.this) {
                    entries.values().forEach(e -> listener.changed(e, true));
                    listeners.add(listener);
                }
                return () -> listeners.remove(listener);
            }
        };
    }

    synchronized OptionalInt compareAndSet(String plugin, int expectedVersion, String text) {
        ReleaseStore.Entry now = entries.get(plugin);
        int version = now == null ? -1 : now.version();
        if (version != expectedVersion) {
            return OptionalInt.empty();
        }
        ReleaseStore.Entry next = new ReleaseStore.Entry(plugin, version + 1, text);
        entries.put(plugin, next);
        listeners.forEach(l -> l.changed(next, false));
        return OptionalInt.of(next.version());
    }

    /** Writes as another party would (no compare). */
    void put(String plugin, String text) {
        ReleaseStore.Entry now = entries.get(plugin);
        compareAndSet(plugin, now == null ? -1 : now.version(), text);
    }

    ReleaseStore.Entry get(String plugin) {
        return entries.get(plugin);
    }

    void down(boolean down) {
        this.down = down;
    }

    private void check() throws IOException {
        if (down) {
            throw new IOException("connection lost");
        }
    }
}
