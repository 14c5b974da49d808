package dev.keel.kernel.plugin;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;

/**
 * Posts plugin state changes on EventAdmin under {@code keel/plugin/<STATE>},
 * when an EventAdmin is present.
 */
@Component(service = PluginEvents.class)
public final class PluginEvents {

    /** Event property: the plugin name. */
    public static final String NAME = "plugin.name";
    /** Event property: the plugin version. */
    public static final String VERSION = "plugin.version";
    /** Event property: the new state. */
    public static final String STATE = "plugin.state";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    void post(ManagedPlugin p) {
        EventAdmin admin = eventAdmin;
        if (admin == null) {
            return;
        }
        Map<String, Object> props = new HashMap<>();
        props.put(NAME, p.name);
        props.put(VERSION, p.version);
        props.put(STATE, p.state.name());
        props.put(EventConstants.BUNDLE_ID, p.bundleId);
        if (p.bundleSymbolicName != null) {
            props.put(EventConstants.BUNDLE_SYMBOLICNAME, p.bundleSymbolicName);
        }
        if (p.failure != null) {
            props.put(EventConstants.EXCEPTION_MESSAGE, p.failure);
        }
        admin.postEvent(new Event(p.state.topic(), props));
    }
}
