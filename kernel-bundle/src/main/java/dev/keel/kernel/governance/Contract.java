package dev.keel.kernel.governance;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One business contract (an interface class) as the kernel governs it: its
 * providers and the proxy that consumers get instead. Every call of the proxy
 * picks a provider with the {@link ProviderSelector} and runs through the
 * {@link Governor}; exceptions of the provider reach the caller unwrapped.
 */
final class Contract implements InvocationHandler {

    private static final Comparator<Provider> ORDER = Comparator.comparingInt((Provider p) -> -p.ranking)
            .thenComparingLong(p -> p.serviceId);

    final Class<?> type;
    final String name;
    final Object proxy;
    private final Governor governor;
    private final GovernedServices services;
    private volatile Provider[] providers = new Provider[0];

    Contract(Class<?> type, Governor governor, GovernedServices services) {
        this.type = type;
        this.name = type.getName();
        this.governor = governor;
        this.services = services;
        this.proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, this);
    }

    synchronized void add(Provider p) {
        List<Provider> list = new ArrayList<>(Arrays.asList(providers));
        list.add(p);
        list.sort(ORDER);
        providers = list.toArray(Provider[]::new);
    }

    /** Removes the provider of a registration; returns it, or {@code null}. */
    synchronized Provider remove(long serviceId) {
        Provider gone = null;
        List<Provider> list = new ArrayList<>();
        for (Provider p : providers) {
            if (p.serviceId == serviceId) {
                gone = p;
            } else {
                list.add(p);
            }
        }
        providers = list.toArray(Provider[]::new);
        return gone;
    }

    Provider[] providers() {
        return providers;
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> self == args[0];
                case "hashCode" -> System.identityHashCode(self);
                default -> "governed " + name;
            };
        }
        Provider p = services.selector().select(name, providers);
        if (p == null) {
            throw governor.noProvider(name);
        }
        Governor.Site site = p.site(method);
        return governor.call(site, () -> invokeOn(p, method, args));
    }

    private static Object invokeOn(Provider p, Method method, Object[] args) throws Exception {
        try {
            return method.invoke(p.service(), args);
        } catch (InvocationTargetException e) {
            throw Classifier.<Exception>sneaky(e.getCause());
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
