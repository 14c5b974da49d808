package dev.keel.kernel.observe;

import java.util.List;
import java.util.Set;

import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;

/**
 * One fact that readiness depends on, registered as a service by the package
 * that knows it (a whiteboard, in the shape of Felix systemready's checks):
 * start-up settled ({@code deploy}), required plugins ACTIVE ({@code observe}),
 * their routes registered ({@code http}), storage up ({@code storage}), the
 * shell listening ({@code ssh}), no required breaker open ({@code governance}).
 * {@link Readiness} asks every check and is UP only when each one it expects is
 * registered and finds nothing failing.
 */
public interface ReadinessCheck {

    /** The check's name, as {@link Readiness#CHECKS} expects it (e.g. {@code "routes"}). */
    String name();

    /**
     * What fails now, nothing when this fact holds. Called by every probe: it
     * must be quick and must not block.
     */
    Result check(Scope scope);

    /**
     * What every check sees of one evaluation: the plugins as the kernel runs
     * them, and the names of the plugins readiness requires.
     */
    record Scope(List<PluginStatus> plugins, Set<String> required) {

        public Scope {
            plugins = List.copyOf(plugins);
            required = Set.copyOf(required);
        }

        /** The ACTIVE instances of the required plugins. */
        public List<PluginStatus> activeRequired() {
            return plugins.stream().filter(p -> p.state() == PluginState.ACTIVE && required.contains(p.name())).toList();
        }
    }

    /**
     * One failing part, as {@code /health/ready} lists it: its kind (plugin,
     * route, breaker, startup, storage, check), what it is and why it fails.
     * {@code settling} says it is on its way and will change by itself (a
     * bundle still starting, a route about to register), so a wait for
     * readiness goes on; a part that is not settling (a FAILED plugin, an open
     * breaker) ends the wait.
     */
    record Part(String kind, String name, String reason, boolean settling) {
    }

    /** What a check found: the failing parts, none when it holds. */
    record Result(List<Part> failing) {

        public static final Result UP = new Result(List.of());

        public Result {
            failing = List.copyOf(failing);
        }

        public static Result of(List<Part> failing) {
            return failing.isEmpty() ? UP : new Result(failing);
        }

        public boolean up() {
            return failing.isEmpty();
        }
    }
}
