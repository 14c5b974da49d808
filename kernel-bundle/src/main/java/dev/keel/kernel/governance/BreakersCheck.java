package dev.keel.kernel.governance;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.api.PluginStatus;
import dev.keel.kernel.observe.ReadinessCheck;

/** Readiness: no circuit breaker of an installed version of a required plugin is open. */
@Component
public final class BreakersCheck implements ReadinessCheck {

    private final Governor governor;

    @Activate
    public BreakersCheck(@Reference Governor governor) {
        this.governor = governor;
    }

    @Override
    public String name() {
        return "breakers";
    }

    @Override
    public Result check(Scope scope) {
        return Result.of(failing(scope, governor.breakerViews()));
    }

    /** The open breakers of installed versions of required plugins, as failing parts. */
    public static List<Part> failing(Scope scope, List<Governor.BreakerView> breakers) {
        List<Part> failing = new ArrayList<>();
        for (Governor.BreakerView b : breakers) {
            // only versions still installed: an old version's breaker stays open after an update
            boolean installed = scope.plugins().stream()
                    .anyMatch(p -> p.name().equals(b.plugin()) && p.version().equals(b.version()));
            if (installed && scope.required().contains(b.plugin())
                    && ("OPEN".equals(b.state()) || "FORCED_OPEN".equals(b.state()))) {
                failing.add(new Part("breaker", b.plugin() + " " + b.version(), "circuit breaker is " + b.state()
                        + " (failure rate " + b.failureRate() + "%)", false));
            }
        }
        return failing;
    }
}
