package dev.keel.kernel.deploy;

/**
 * One call or request as the {@link Admission} loop sees it: how to choose
 * what serves it, the gate of that target's bundle, whether its plugin is
 * coming back, and the answers when it cannot be served.
 *
 * @param <T> what serves the call (a provider, a route)
 */
public interface Admittee<T> {

    /** The target that should serve the call now, or {@code null} when none may. */
    T choose();

    /** The gate of the target's bundle, which the call enters before it runs. */
    InFlight gate(T target);

    /**
     * Whether the plugin the call is for is coming back, so the call is worth holding.
     *
     * @param last the last choice ({@code null}: none could serve), whose gate refused the call
     */
    boolean comingBack(T last);

    /** The answer to a call that was held and whose plugin did not come back within {@code holdTimeoutMs}. */
    RuntimeException notBack(T last, long holdTimeoutMs);

    /** The answer to a call that nothing may serve and that is not worth holding (it was never held). */
    RuntimeException unavailable(T last);
}
