package dev.keel.kernel.observe;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;

/** Readiness: every required plugin has an ACTIVE instance. */
@Component
public final class PluginsCheck implements ReadinessCheck {

    @Override
    public String name() {
        return "plugins";
    }

    @Override
    public Result check(Scope scope) {
        List<Part> failing = new ArrayList<>();
        for (String name : scope.required()) {
            List<PluginStatus> versions = scope.plugins().stream().filter(p -> p.name().equals(name)).toList();
            if (versions.stream().anyMatch(p -> p.state() == PluginState.ACTIVE)) {
                continue;
            }
            String why = versions.isEmpty() ? "not installed"
                    : versions.stream().map(PluginsCheck::describe).reduce((a, b) -> a + "; " + b).orElse("");
            failing.add(new Part("plugin", name, why, versions.stream().anyMatch(PluginsCheck::transitional)));
        }
        return Result.of(failing);
    }

    private static String describe(PluginStatus p) {
        return p.version() + " is " + p.state() + (p.failure() != null ? " (" + p.failure() + ")" : "")
                + (!p.waitingFor().isEmpty() ? " (waiting for " + String.join(", ", p.waitingFor()) + ")" : "");
    }

    /** About to change state on its own. */
    static boolean transitional(PluginStatus p) {
        return p.state() == PluginState.STARTING || p.state() == PluginState.STOPPING
                || (p.state() == PluginState.NEW && p.waitingFor().isEmpty());
    }
}
