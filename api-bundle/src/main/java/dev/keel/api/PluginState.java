package dev.keel.api;

/**
 * The lifecycle state of a plugin as the kernel sees it. Every change is
 * posted on EventAdmin under the topic {@code keel/plugin/<STATE>}.
 */
public enum PluginState {
    /** Registered, not started yet: waiting for its turn or for required plugins. */
    NEW,
    /** {@link Plugin#start()} is running. */
    STARTING,
    /** Started and serving. */
    ACTIVE,
    /** {@link Plugin#start()} threw or timed out; see the cause. */
    FAILED,
    /** {@link Plugin#stop()} is running. */
    STOPPING,
    /** Stopped: by an operator, or because a plugin it requires stopped. */
    STOPPED;

    /** Event topic prefix; the state name is appended. */
    public static final String TOPIC_PREFIX = "keel/plugin/";

    /**
     * The EventAdmin topic for this state.
     *
     * @return {@code keel/plugin/<STATE>}
     */
    public String topic() {
        return TOPIC_PREFIX + name();
    }
}
