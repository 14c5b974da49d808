package dev.keel.kernel.release;

import java.util.HashMap;
import java.util.Map;

import dev.keel.kernel.util.LineText;

/**
 * One plugin's release state as the nodes of a cluster share it (the text of its {@link ReleaseStore} entry): a
 * canary with its weight, or the last promote or rollback, which every node applies to its own installed versions.
 *
 * @param version the canary version, or the version promoted or rolled back, as the operator named it
 * @param weight the canary's percent of users (0-100); 0 unless {@link State#CANARY}
 * @param reason why a rollback happened ({@code by hand}, or the error rate), empty otherwise
 * @param automatic whether the canary watch decided the rollback
 * @param node the node that wrote the state
 */
record SharedPolicy(State state, String version, int weight, String reason, boolean automatic, String node) {

    /** The states of a plugin's release. */
    enum State {
        /** {@code weight} percent of users go to {@code version}. */
        CANARY,
        /** {@code version} got all traffic; every node uninstalls the plugin's other versions. */
        PROMOTED,
        /** {@code version} was removed; every node uninstalls it and serves the stable version. */
        ROLLED_BACK
    }

    private static final String FORMAT = "1";

    SharedPolicy {
        if (state == null || version == null || version.isBlank()) {
            throw new IllegalArgumentException("a release state names its state and version");
        }
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight must be from 0 to 100, not " + weight);
        }
        version = version.trim();
        reason = reason == null ? "" : reason;
        node = node == null ? "" : node;
    }

    static SharedPolicy canary(String version, int weight, String node) {
        return new SharedPolicy(State.CANARY, version, weight, "", false, node);
    }

    static SharedPolicy promoted(String version, String node) {
        return new SharedPolicy(State.PROMOTED, version, 0, "", false, node);
    }

    static SharedPolicy rolledBack(String version, String reason, boolean automatic, String node) {
        return new SharedPolicy(State.ROLLED_BACK, version, 0, reason, automatic, node);
    }

    /** Whether this is the canary {@code version} with traffic (the state an automatic rollback replaces). */
    boolean isCanary(String canaryVersion) {
        return state == State.CANARY && version.equals(canaryVersion);
    }

    /** The entry's text: {@code key=value} lines in a fixed order, values escaped. */
    String encode() {
        return "format=" + FORMAT + "\nstate=" + state + "\nversion=" + LineText.escape(version) + "\nweight="
                + weight + "\nautomatic=" + automatic + "\nnode=" + LineText.escape(node) + "\nreason="
                + LineText.escape(reason) + "\n";
    }

    /**
     * Reads an entry's text.
     *
     * @throws IllegalArgumentException when it is not one this node understands (another format, a missing or
     *         bad value)
     */
    static SharedPolicy decode(String text) {
        Map<String, String> m = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), LineText.unescape(line.substring(eq + 1)));
            }
        }
        if (!FORMAT.equals(m.get("format"))) {
            throw new IllegalArgumentException("not a release state of format " + FORMAT + ": format "
                    + m.get("format"));
        }
        try {
            return new SharedPolicy(State.valueOf(String.valueOf(m.get("state"))), m.get("version"),
                    Integer.parseInt(m.getOrDefault("weight", "0")), m.get("reason"),
                    Boolean.parseBoolean(m.get("automatic")), m.get("node"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad weight in a release state: " + m.get("weight"), e);
        }
    }
}
