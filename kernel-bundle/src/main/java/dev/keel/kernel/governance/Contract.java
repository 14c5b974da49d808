package dev.keel.kernel.governance;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import dev.keel.kernel.deploy.Admittee;
import dev.keel.kernel.deploy.InFlight;
import dev.keel.kernel.deploy.LiveUpdate;

/**
 * One business contract (an interface class) as the kernel governs it: its
 * providers and the proxy that consumers get instead. Every call of the proxy
 * is admitted by live update's {@link dev.keel.kernel.deploy.Admission} loop (a provider chosen by the
 * {@link ProviderSelector}, its gate entered, held while it comes back) and runs through the
 * {@link Governor}; exceptions of the provider reach the caller unwrapped.
 */
final class Contract implements InvocationHandler, Admittee<Provider> {

    /** Providers of this node first (a local call before a remote one), then by ranking and registration. */
    private static final Comparator<Provider> ORDER = Comparator.comparing(Provider::remote)
            .thenComparingInt((Provider p) -> -p.ranking)
            .thenComparingLong(p -> p.serviceId);

    final Class<?> type;
    final String name;
    final Object proxy;
    private final Governor governor;
    private final GovernedServices services;
    private volatile Provider[] providers = new Provider[0];
    /** The bundle of the last provider that went away, so a call with none can be held while it comes back. */
    private volatile long lastGone = -1;

    Contract(Class<?> type, Governor governor, GovernedServices services) {
        this.type = type;
        this.name = type.getName();
        this.governor = governor;
        this.services = services;
        this.proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, this);
    }

    synchronized void add(Provider p) {
        p.contractType = type;
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
        if (gone != null) {
            lastGone = gone.bundleId;
        }
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
        Provider p = services.liveUpdate().admission().enter(this);
        try {
            return governor.call(p.site(method), () -> invokeOn(p, method, args));
        } finally {
            p.gate().exit();
        }
    }

    // --- the admission loop's questions (Admittee) ----------------------------------------------

    @Override
    public Provider choose() {
        return services.selector().select(name, providers);
    }

    @Override
    public InFlight gate(Provider p) {
        return p.gate();
    }

    /** Whether a provider of this contract is coming back: its plugin is starting, or is being updated. */
    @Override
    public boolean comingBack(Provider last) {
        LiveUpdate live = services.liveUpdate();
        Provider[] all = providers;
        if (all.length == 0) {
            long gone = lastGone;
            return gone >= 0 && live.comingBack(gone);
        }
        for (Provider p : all) {
            if (live.comingBack(p.bundleId)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public RuntimeException notBack(Provider last, long holdTimeoutMs) {
        return Unavailable.notBack(name, holdTimeoutMs);
    }

    @Override
    public RuntimeException unavailable(Provider last) {
        return Unavailable.noProvider(name);
    }

    static Object invokeOn(Provider p, Method method, Object[] args) throws Exception {
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
