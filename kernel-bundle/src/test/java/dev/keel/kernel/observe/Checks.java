package dev.keel.kernel.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.keel.kernel.observe.ReadinessCheck.Part;
import dev.keel.kernel.observe.ReadinessCheck.Result;
import dev.keel.kernel.observe.ReadinessCheck.Scope;

/** Readiness checks for tests. */
final class Checks {

    private Checks() {
    }

    static ReadinessCheck check(String name, Function<Scope, List<Part>> failing) {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Result check(Scope scope) {
                return Result.of(failing.apply(scope));
            }
        };
    }

    static ReadinessCheck failing(String name, Part... parts) {
        return check(name, s -> List.of(parts));
    }

    /** Every check readiness expects: the real plugins check, the given ones, the rest holding. */
    static List<ReadinessCheck> all(ReadinessCheck... given) {
        List<ReadinessCheck> out = new ArrayList<>(List.of(given));
        for (String name : Readiness.CHECKS) {
            if (out.stream().noneMatch(c -> c.name().equals(name))) {
                out.add(name.equals("plugins") ? new PluginsCheck() : check(name, s -> List.of()));
            }
        }
        return out;
    }

    static Part pending(String reason) {
        return new Part("startup", reason, reason, true);
    }
}
