package dev.keel.kernel.storage;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.kernel.observe.ReadinessCheck;

/** Readiness: the kernel's connection pool is up (its {@code DataSource} registered). */
@Component
public final class StorageCheck implements ReadinessCheck {

    private final StoragePool pool;

    @Activate
    public StorageCheck(@Reference StoragePool pool) {
        this.pool = pool;
    }

    @Override
    public String name() {
        return "storage";
    }

    @Override
    public Result check(Scope scope) {
        String problem = pool.problem();
        if (problem == null) {
            return Result.UP;
        }
        return Result.of(List.of(new Part("storage", StoragePool.NAME, problem, pool.problemSettles())));
    }
}
