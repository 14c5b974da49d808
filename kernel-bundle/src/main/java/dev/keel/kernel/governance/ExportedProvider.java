package dev.keel.kernel.governance;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

import dev.keel.api.security.Caller;
import dev.keel.api.security.CallerAwareService;
import dev.keel.kernel.deploy.Admittee;
import dev.keel.kernel.deploy.InFlight;
import dev.keel.kernel.deploy.LiveUpdate;
import dev.keel.kernel.security.CallerScope;

/**
 * The service object the kernel exports for one local provider: a call from another node enters the provider's
 * gate through live update's admission loop and runs through the {@link Governor} on this node (its breaker, its
 * timeout, its meters), like a local call; it never goes on to a remote provider, so exports cannot loop. The
 * distribution provider calls it as the caller the calling node sent ({@link CallerAwareService}): that caller is
 * the provider's {@code CallerContext.current()} for the call, and travels on with the calls it makes.
 */
final class ExportedProvider implements InvocationHandler, CallerAwareService, Admittee<Provider> {

    private final Provider provider;
    private final String contract;
    private final Governor governor;
    private final LiveUpdate live;
    private final CallerScope callers;

    ExportedProvider(Provider provider, String contract, Governor governor, LiveUpdate live, CallerScope callers) {
        this.provider = provider;
        this.contract = contract;
        this.governor = governor;
        this.live = live;
        this.callers = callers;
    }

    @Override
    public Object invokeAs(Caller caller, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            throw new UnsupportedOperationException(method.getName() + " is not a method of " + contract);
        }
        try (CallerScope.Entered as = callers.enter(caller == null ? Caller.ANONYMOUS : caller)) {
            return invoke(null, method, args);
        }
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> self == args[0];
                case "hashCode" -> System.identityHashCode(self);
                default -> "exported " + contract;
            };
        }
        Provider p = live.admission().enter(this);
        try {
            return governor.call(p.site(method), () -> Contract.invokeOn(p, method, args));
        } finally {
            p.gate().exit();
        }
    }

    @Override
    public Provider choose() {
        return provider.active() ? provider : null;
    }

    @Override
    public InFlight gate(Provider target) {
        return target.gate();
    }

    @Override
    public boolean comingBack(Provider last) {
        return live.comingBack(provider.bundleId);
    }

    @Override
    public RuntimeException notBack(Provider last, long holdTimeoutMs) {
        return Unavailable.notBack(contract, holdTimeoutMs);
    }

    @Override
    public RuntimeException unavailable(Provider last) {
        return Unavailable.noProvider(contract);
    }
}
