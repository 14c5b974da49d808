package dev.keel.kernel.storage;

import javax.sql.DataSource;

import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.kernel.plugin.PluginPreparation;

/**
 * Registered (as a {@link PluginPreparation} that prepares nothing) while the
 * kernel's DataSource is registered, and again after each pool re-creation:
 * the plugin manager looks again at waiting plugins whenever a preparation is
 * registered, so plugins that were waiting for storage start. Only the
 * {@code plugin} package's interface is used; the manager and the migrations
 * extender never reference each other.
 */
@Component(service = PluginPreparation.class, immediate = true)
public final class StorageAvailable implements PluginPreparation {

    @Reference(target = "(" + StoragePool.SERVICE_PROPERTY + "=" + StoragePool.NAME + ")")
    private DataSource dataSource;

    @Override
    public void prepare(Bundle bundle, String pluginName, String pluginVersion) {
        // nothing: the migrations extender does the work; this service's arrival is the signal
    }
}
