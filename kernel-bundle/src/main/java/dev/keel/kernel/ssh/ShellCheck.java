package dev.keel.kernel.ssh;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.keel.kernel.observe.ReadinessCheck;

/**
 * Readiness: the SSH shell, which starts beside the rest of the start, has
 * finished starting: it listens, or it is disabled, or its start failed
 * (logged; waiting longer would not change that).
 */
@Component
public final class ShellCheck implements ReadinessCheck {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SshShell ssh;

    @Override
    public String name() {
        return "shell";
    }

    @Override
    public Result check(Scope scope) {
        SshShell shell = ssh;
        if (shell != null && shell.starting()) {
            return Result.of(java.util.List.of(new Part("startup", "ssh", "the SSH shell is starting", true)));
        }
        return Result.UP;
    }
}
