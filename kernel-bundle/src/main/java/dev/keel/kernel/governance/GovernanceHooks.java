package dev.keel.kernel.governance;

import java.util.Collection;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Hides a provider's registration of a business contract from every bundle
 * but the provider's own, the kernel and the system bundle, so consumers only
 * find (and only hear about) the kernel's governed proxy.
 */
@Component(service = {FindHook.class, EventListenerHook.class}, immediate = true)
public final class GovernanceHooks implements FindHook, EventListenerHook {

    private final long kernel;

    @Activate
    public GovernanceHooks(BundleContext context) {
        this.kernel = context.getBundle().getBundleId();
    }

    @Override
    public void find(BundleContext context, String name, String filter, boolean allServices,
            Collection<ServiceReference<?>> references) {
        long viewer = context.getBundle().getBundleId();
        if (viewer == kernel || viewer == 0) {
            return;
        }
        boolean rsa = remoteServiceAdmin(context);
        references.removeIf(ref -> hidden(ref, viewer) && !(rsa && exportOfKernel(ref)));
    }

    /** A bundle of Aries Remote Service Admin: it sees the kernel's export registrations (and only it). */
    static boolean remoteServiceAdmin(BundleContext context) {
        String name = context.getBundle().getSymbolicName();
        return name != null && name.startsWith("org.apache.aries.rsa");
    }

    private boolean exportOfKernel(ServiceReference<?> ref) {
        return ref.getProperty(ClusterNames.EXPORT) != null && ref.getProperty(ClusterNames.IMPORTED) == null
                && ref.getBundle() != null && ref.getBundle().getBundleId() == kernel;
    }

    @Override
    public void event(ServiceEvent event, Map<BundleContext, Collection<ListenerInfo>> listeners) {
        ServiceReference<?> ref = event.getServiceReference();
        if (!governedOriginal(ref)) {
            return;
        }
        long provider = ref.getBundle() == null ? -1 : ref.getBundle().getBundleId();
        boolean export = exportOfKernel(ref);
        listeners.keySet().removeIf(ctx -> {
            try {
                if (export && remoteServiceAdmin(ctx)) {
                    return false;
                }
                return !GovernedContracts.seesOriginal(ctx.getBundle().getBundleId(), provider, kernel);
            } catch (IllegalStateException stale) {
                return false;
            }
        });
    }

    private boolean hidden(ServiceReference<?> ref, long viewer) {
        if (!governedOriginal(ref)) {
            return false;
        }
        long provider = ref.getBundle() == null ? -1 : ref.getBundle().getBundleId();
        return !GovernedContracts.seesOriginal(viewer, provider, kernel);
    }

    static boolean governedOriginal(ServiceReference<?> ref) {
        return ref.getProperty(GovernedContracts.GOVERNED) == null
                && GovernedContracts.hasContract((String[]) ref.getProperty(Constants.OBJECTCLASS));
    }
}
