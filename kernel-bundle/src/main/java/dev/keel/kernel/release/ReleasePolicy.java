package dev.keel.kernel.release;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.osgi.framework.Version;

/**
 * The one rule that picks a plugin version for a request or a governed call,
 * shared by the HTTP entry and the governance proxies: a forced version
 * first, then the canary split by a sticky key, else the stable version.
 */
final class ReleasePolicy {

    /** Orders version strings as OSGi versions (a string that is not one sorts first). */
    static final Comparator<String> VERSIONS = Comparator.comparing(ReleasePolicy::parse);

    private ReleasePolicy() {
    }

    /**
     * A plugin's canary split: {@code weight} percent of keys go to the
     * version matching {@code canary}, the rest to the stable version.
     */
    record Split(String canary, int weight) {
        Split {
            if (canary == null || canary.isBlank()) {
                throw new IllegalArgumentException("a split names its canary version");
            }
            if (weight < 0 || weight > 100) {
                throw new IllegalArgumentException("weight must be from 0 to 100, not " + weight);
            }
        }
    }

    /**
     * Chooses the version to serve.
     *
     * @param plugin the plugin name (part of the hash, so one user's buckets differ between plugins)
     * @param split the plugin's split, or {@code null}
     * @param active the versions whose instances may serve now, in install order (bundle id): the first
     *        is the stable version while no split holds, and a version installed beside it gets no traffic
     *        until a split (or a forced header) sends it some
     * @param key the sticky key (user), or {@code null} for a random choice by weight
     * @param forced a version asked for by a tester (already allowed), or {@code null}
     * @return the chosen version, empty when {@code active} is empty
     */
    static Optional<String> choose(String plugin, Split split, List<String> active, String key, String forced) {
        if (active.isEmpty()) {
            return Optional.empty();
        }
        if (forced != null) {
            Optional<String> f = highestMatching(active, forced);
            if (f.isPresent()) {
                return f;
            }
        }
        if (split == null) {
            return Optional.of(active.get(0));
        }
        return split(plugin, split, highestMatching(active, split.canary()), stable(active, split.canary()), key);
    }

    /**
     * The split between the canary and the stable version (each resolved
     * among the active versions; either may be missing): the key's bucket
     * below the weight goes to the canary.
     */
    static Optional<String> split(String plugin, Split split, Optional<String> canary, Optional<String> stable,
            String key) {
        if (canary.isEmpty() || stable.isEmpty()) {
            return canary.isPresent() ? canary : stable;
        }
        int bucket = key == null ? ThreadLocalRandom.current().nextInt(100) : bucket(plugin, key);
        return bucket < split.weight() ? canary : stable;
    }

    /** The first installed version that is not the canary. */
    static Optional<String> stable(List<String> versions, String canary) {
        return versions.stream().filter(v -> !matches(v, canary)).findFirst();
    }

    static Optional<String> highestMatching(List<String> versions, String spec) {
        return versions.stream().filter(v -> matches(v, spec)).max(VERSIONS);
    }

    /**
     * Whether a version is the one a user named: equal, or the named one
     * followed by more segments ({@code 1.1.0} names {@code 1.1.0.202611250910},
     * {@code 1.1} names {@code 1.1.0.x}).
     */
    static boolean matches(String version, String spec) {
        if (version == null || spec == null || spec.isBlank()) {
            return false;
        }
        String s = spec.trim();
        if (version.equals(s) || version.startsWith(s + ".")) {
            return true;
        }
        try {
            Version v = Version.parseVersion(version);
            Version w = Version.parseVersion(s);
            int dots = (int) s.chars().filter(c -> c == '.').count();
            return v.getMajor() == w.getMajor() && (dots < 1 || v.getMinor() == w.getMinor())
                    && (dots < 2 || v.getMicro() == w.getMicro())
                    && (dots < 3 || v.getQualifier().equals(w.getQualifier()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The key's bucket, 0..99: the same key always lands in the same bucket of a plugin. */
    static int bucket(String plugin, String key) {
        long h = 0xcbf29ce484222325L; // FNV-1a, 64 bit
        for (byte b : (plugin + '\n' + key).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        // finalizer (from MurmurHash3) so close keys spread over every bucket
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) Long.remainderUnsigned(h, 100);
    }

    private static Version parse(String v) {
        try {
            return Version.parseVersion(v);
        } catch (IllegalArgumentException e) {
            return Version.emptyVersion;
        }
    }
}
