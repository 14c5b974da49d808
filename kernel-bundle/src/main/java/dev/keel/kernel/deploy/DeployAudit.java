package dev.keel.kernel.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.keel.kernel.security.Audit;
import dev.keel.kernel.security.Audit.Actor;

/**
 * The audit lines of {@link BundleDeployer}: one per install, update or
 * uninstall, done ({@code ok}), refused or failed ({@code failed: <why>}),
 * with who asked, the artifact's location and SHA-256 once it was read, and
 * what the bundle became.
 */
final class DeployAudit {

    private final Audit audit;

    DeployAudit(Audit audit) {
        this.audit = audit;
    }

    Act act(Actor who, String action, String target) {
        return new Act(who, action, target);
    }

    /** One operation under way: collects its details, then records how it ended. */
    final class Act {
        private final Actor who;
        private final String action;
        private final String target;
        private final Map<String, String> details = new LinkedHashMap<>();

        private Act(Actor who, String action, String target) {
            this.who = who;
            this.action = action;
            this.target = target == null ? "" : target;
        }

        synchronized void detail(String key, String value) {
            if (value != null) {
                details.put(key, value);
            }
        }

        /** Notes where the code came from and its hash (before it is checked and installed). */
        void fetched(CodeSources.Artifact artifact) {
            detail("location", artifact.location());
            detail("sha256", artifact.sha256());
        }

        /** Runs the operation and records it: {@code ok} with the bundle it touched, or {@code failed: <why>}. */
        Deployment run(Supplier<Deployment> operation) {
            Deployment d;
            try {
                d = operation.get();
            } catch (RuntimeException e) {
                record("failed: " + e.getMessage());
                throw e;
            }
            detail("bundle", d.symbolicName() + " " + d.version() + " (bundle " + d.bundleId() + ")");
            detail("previousVersion", d.previousVersion());
            if (!details.containsKey("location")) {
                detail("location", d.location());
            }
            record("ok");
            return d;
        }

        private void record(String result) {
            Map<String, String> copy;
            synchronized (this) {
                copy = Map.copyOf(details);
            }
            audit.record(who, action, target, copy, result);
        }
    }
}
