package dev.keel.kernel.governance;

import java.lang.reflect.Proxy;

/** Configuration instances carrying only the declared defaults (for tests and for a rejected configuration). */
final class Defaults {

    static final Governor.Config CONFIG = of(Governor.Config.class);

    private Defaults() {
    }

    static <A> A of(Class<A> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> method.getDefaultValue()));
    }
}
