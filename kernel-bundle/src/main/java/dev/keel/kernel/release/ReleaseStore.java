package dev.keel.kernel.release;

import java.io.Closeable;
import java.io.IOException;
import java.util.OptionalInt;

/**
 * Where the release policy of a cluster lives, shared by every node: one entry per plugin, each with a version
 * that a write compares and sets, so two nodes cannot both decide on the same state. Registered by
 * {@code dev.keel.kernel.cluster} (ZooKeeper, through Apache Curator) while clustering is on; without it a node
 * keeps its splits in {@code etc/keel.release.cfg} and nothing here is used.
 */
public interface ReleaseStore {

    /** A plugin's entry as stored: its text and the store's version of it ({@code -1}: there is none yet). */
    record Entry(String plugin, int version, String text) {
    }

    /** Hears of entries; called on a thread of the store's, which it must not block for long. */
    interface Listener {
        /**
         * @param entry the entry now stored
         * @param replay true while the store delivers what it held when the watch began, false for a change made
         *        after that
         */
        void changed(Entry entry, boolean replay);
    }

    /** This node's id in the cluster. */
    String node();

    /** The plugin's entry, read from the store now; version {@code -1} and empty text when there is none. */
    Entry read(String plugin) throws IOException;

    /**
     * Writes the plugin's entry if the store still holds {@code expectedVersion} of it ({@code -1}: none yet).
     *
     * @return the new version, or empty when another node changed the entry first
     */
    OptionalInt compareAndSet(String plugin, int expectedVersion, String text) throws IOException;

    /** Delivers every entry the store holds (replay), then each change, until the returned handle is closed. */
    Closeable watch(Listener listener) throws IOException;
}
