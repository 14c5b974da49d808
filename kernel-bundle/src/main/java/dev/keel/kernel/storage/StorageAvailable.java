package dev.keel.kernel.storage;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.kernel.plugin.PluginLifecycle;

/**
 * Active while the kernel's DataSource is registered (again after each pool
 * re-creation): tells the plugin manager to look again at plugins that were
 * waiting for storage. A component of its own, so the manager and the
 * extender it calls never reference each other.
 */
@Component(immediate = true)
public final class StorageAvailable {

    @Activate
    public StorageAvailable(@Reference PluginLifecycle plugins,
            @Reference(target = "(" + StoragePool.SERVICE_PROPERTY + "=" + StoragePool.NAME + ")") DataSource dataSource) {
        plugins.reconsider();
    }
}
