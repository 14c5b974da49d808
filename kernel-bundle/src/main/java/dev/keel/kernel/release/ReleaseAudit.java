package dev.keel.kernel.release;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.keel.kernel.security.Audit;
import dev.keel.kernel.security.Audit.Actor;

/**
 * The audit lines of release actions: canary, promote, rollback by hand and
 * the automatic rollback, each with who (Keel itself for the automatic one),
 * the plugin, the version and weight asked for, and how it ended.
 */
final class ReleaseAudit {

    private final Supplier<Audit> audit;

    ReleaseAudit(Supplier<Audit> audit) {
        this.audit = audit;
    }

    /**
     * Runs a release action and records it: {@code ok} with what was done, or {@code failed: <why>}.
     *
     * @param details what was asked (null values left out)
     */
    String run(Actor who, String action, String plugin, Map<String, String> details, Supplier<String> operation) {
        Map<String, String> d = new LinkedHashMap<>();
        details.forEach((k, v) -> {
            if (v != null) {
                d.put(k, v);
            }
        });
        String done;
        try {
            done = operation.get();
        } catch (RuntimeException e) {
            record(who, action, plugin, d, "failed: " + e.getMessage());
            throw e;
        }
        d.put("done", done);
        record(who, action, plugin, d, "ok");
        return done;
    }

    private void record(Actor who, String action, String plugin, Map<String, String> details, String result) {
        Audit a = audit.get();
        if (a != null) {
            a.record(who, action, plugin, details, result);
        }
    }
}
