package dev.keel.kernel.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;

class GovernanceHooksTest {

    private static final long KERNEL = 12;
    private static final long PAYMENT = 31;
    private static final long ORDER = 32;

    private static <T> T stub(Class<T> type, Map<String, Object> answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (p, m, a) -> switch (m.getName()) {
                    case "getProperty" -> ((Map<?, ?>) answers.get("props")).get(a[0]);
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> answers.get(m.getName());
                }));
    }

    private static Bundle bundle(long id) {
        return stub(Bundle.class, Map.of("getBundleId", id));
    }

    private static BundleContext context(long id) {
        Bundle b = bundle(id);
        return stub(BundleContext.class, Map.of("getBundle", b));
    }

    private static ServiceReference<?> ref(long bundle, boolean governed, String... classes) {
        Map<String, Object> props = new HashMap<>();
        props.put(Constants.OBJECTCLASS, classes);
        if (governed) {
            props.put(GovernedContracts.GOVERNED, Boolean.TRUE);
        }
        return stub(ServiceReference.class, Map.of("getBundle", bundle(bundle), "props", props));
    }

    private final GovernanceHooks hooks = new GovernanceHooks(context(KERNEL));
    private final ServiceReference<?> original = ref(PAYMENT, false, "dev.keel.api.payment.PaymentService");
    private final ServiceReference<?> proxy = ref(KERNEL, true, "dev.keel.api.payment.PaymentService");
    private final ServiceReference<?> runtime = ref(KERNEL, false, "dev.keel.api.PluginRuntime");

    private List<ServiceReference<?>> found(long viewer) {
        Collection<ServiceReference<?>> refs = new ArrayList<>(List.of(original, proxy, runtime));
        hooks.find(context(viewer), null, null, false, refs);
        return List.copyOf(refs);
    }

    @Test
    void aConsumerFindsOnlyTheProxy() {
        assertEquals(List.of(proxy, runtime), found(ORDER));
    }

    @Test
    void theProviderTheKernelAndTheSystemBundleFindTheOriginalToo() {
        assertEquals(List.of(original, proxy, runtime), found(PAYMENT));
        assertEquals(List.of(original, proxy, runtime), found(KERNEL));
        assertEquals(List.of(original, proxy, runtime), found(0));
    }

    @Test
    void eventsOfTheOriginalReachOnlyTheProviderTheKernelAndTheSystemBundle() {
        Map<BundleContext, Collection<ListenerInfo>> listeners = new HashMap<>();
        for (long id : new long[] {0, KERNEL, PAYMENT, ORDER, 40}) {
            listeners.put(context(id), new ArrayList<>());
        }
        hooks.event(new ServiceEvent(ServiceEvent.REGISTERED, original), listeners);
        assertEquals(List.of(0L, KERNEL, PAYMENT), listeners.keySet().stream()
                .map(c -> c.getBundle().getBundleId()).sorted().toList());

        Map<BundleContext, Collection<ListenerInfo>> all = new HashMap<>();
        all.put(context(ORDER), new ArrayList<>());
        hooks.event(new ServiceEvent(ServiceEvent.REGISTERED, proxy), all);
        assertEquals(1, all.size(), "the proxy's events reach everyone");
    }
}
