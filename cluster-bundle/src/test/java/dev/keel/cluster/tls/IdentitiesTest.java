package dev.keel.cluster.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.keel.api.security.Caller;
import dev.keel.api.security.CallerAwareService;

class IdentitiesTest {

    /** What the kernel's export proxies are to the provider: a handler that also takes the caller. */
    static final class Export implements InvocationHandler, CallerAwareService {
        final List<Caller> seen = new ArrayList<>();

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            throw new AssertionError("called without the caller");
        }

        @Override
        public Object invokeAs(Caller caller, Method method, Object[] args) {
            seen.add(caller);
            return caller.subject() + ":" + args[0];
        }
    }

    @Test
    void anAuthenticatedCallerTravelsWithPlainClaims() {
        Caller ada = new Caller("ada", Set.of("customer", "viewer"),
                Map.of("email", "ada@x", "n", 3L, "groups", List.of("a", new Object()), "odd", new Object()), "keel");
        Wire.Identity id = Identities.of(ada);
        assertEquals("ada", id.subject());
        assertEquals(Set.of("customer", "viewer"), Set.copyOf(id.roles()));
        assertEquals(Map.of("email", "ada@x", "n", 3L, "groups", List.of("a")), id.claims());
        Caller back = Identities.caller(id);
        assertEquals(new Caller("ada", ada.roles(), id.claims(), "keel"), back);
    }

    @Test
    void anAnonymousCallerSendsNothingAndNothingIsAnonymous() {
        assertNull(Identities.of(Caller.ANONYMOUS));
        assertNull(Identities.of(null));
        assertEquals(Caller.ANONYMOUS, Identities.caller(null));
    }

    @Test
    void theKernelsExportIsCalledAsTheCallerTheRequestCarried() throws Throwable {
        Export export = new Export();
        Runnable service = (Runnable) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Runnable.class}, export);
        Method run = Runnable.class.getMethod("run");
        TlsServer.Invoker invoker = TlsProvider.invoker(service);
        Wire.Identity ada = new Wire.Identity("ada", "keel", List.of("customer"), Map.of());
        assertEquals("ada:x", invoker.invoke(run, new Object[] {"x"}, ada));
        assertEquals(":y", invoker.invoke(run, new Object[] {"y"}, null));
        assertEquals(List.of(Identities.caller(ada), Caller.ANONYMOUS), export.seen);
    }
}
