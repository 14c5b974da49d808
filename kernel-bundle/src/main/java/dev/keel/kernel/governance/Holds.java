package dev.keel.kernel.governance;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.kernel.plugin.InFlight;
import dev.keel.kernel.plugin.PluginManager;

/**
 * Holds calls and requests for a plugin that is coming back (its bundle is
 * updated or refreshed, it waits for a required plugin, it is starting), at
 * most {@code hold.timeout.ms} of {@code keel.governance} from the first try,
 * and lets them go as soon as something changes; gives the gates calls enter
 * by, which the plugin lifecycle closes to drain a plugin before it stops.
 */
@Component(service = Holds.class)
public final class Holds {

    /** Longest sleep between two looks, in case a change is not signalled (e.g. a provider's registration). */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final PluginManager plugins;
    private final Governor governor;

    @Activate
    public Holds(@Reference PluginManager plugins, @Reference Governor governor) {
        this.plugins = plugins;
        this.governor = governor;
    }

    /** The gate of calls into a plugin bundle. */
    public InFlight gate(long bundleId) {
        return plugins.gate(bundleId);
    }

    /** Whether a call for plugin {@code name} that finds no ACTIVE instance should be held. */
    public boolean comingBack(String name) {
        return plugins.comingBack(name, holdTimeoutNanos());
    }

    /** Whether a call to a provider of bundle {@code bundleId} that may not serve now should be held. */
    public boolean comingBack(long bundleId) {
        return plugins.comingBack(bundleId, holdTimeoutNanos());
    }

    /** A new provider of a bundle was registered: calls may enter and held ones look again. */
    public void admit(long bundleId) {
        plugins.admit(bundleId);
    }

    /**
     * A bundle's services or routes are going away (it is stopping): its
     * plugins stop after their calls in flight, dependents first; returns
     * when they have (bounded).
     */
    public void goingAway(long bundleId) {
        plugins.goingAway(bundleId);
    }

    /** Starts holding one call: its deadline is {@code hold.timeout.ms} from now. */
    public Hold hold() {
        return new Hold(System.nanoTime() + holdTimeoutNanos());
    }

    /** The configured hold timeout, in milliseconds. */
    public long holdTimeoutMs() {
        return governor.settings().holdTimeoutMs;
    }

    private long holdTimeoutNanos() {
        return TimeUnit.MILLISECONDS.toNanos(holdTimeoutMs());
    }

    /** One held call: waits for the next change until its deadline. */
    public final class Hold {
        private final long deadline;
        private final long started = System.nanoTime();
        private long seen;
        private boolean waited;

        Hold(long deadline) {
            this.deadline = deadline;
            this.seen = plugins.changes().generation();
        }

        /**
         * Waits for the next plugin change (or a short while) if the plugin is
         * coming back and the deadline has not passed.
         *
         * @return whether to try again; {@code false}: give up (not coming back, or too late)
         */
        public boolean next(BooleanSupplier comingBack) {
            long now = System.nanoTime();
            if (now - deadline >= 0 || !comingBack.getAsBoolean()) {
                return false;
            }
            waited = true;
            try {
                plugins.changes().await(seen, Math.min(deadline, now + RECHECK_NANOS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            seen = plugins.changes().generation();
            return System.nanoTime() - deadline < 0;
        }

        /** Whether the call was held and the plugin did not come back: the deadline passed, or it went for good. */
        public boolean expired() {
            return waited || System.nanoTime() - deadline >= 0;
        }

        /** How long this call has been held, in milliseconds. */
        public long heldMs() {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        }
    }
}
