package dev.keel.itests;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;
import javax.sql.DataSource;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginState;

/**
 * The rules that keep business data whole, over real HTTP on the real
 * bundles: the plugins' stores take the kernel's DataSource by its documented
 * target, not whatever DataSource ranks highest.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BusinessRulesIT {

    @Inject
    private BundleContext context;

    @Inject
    private PluginRuntime runtime;

    private Api api;

    @Configuration
    public Option[] config() {
        return KeelOptions.keel(KeelOptions.freePort());
    }

    @Before
    public void client() {
        api = Api.inFramework(context);
        for (String name : List.of("user", "payment", "order")) {
            Await.until(name + " ACTIVE", () -> runtime.plugin(name).map(p -> p.state() == PluginState.ACTIVE)
                    .orElse(false), runtime::plugins);
        }
    }

    @Test
    public void storesUseTheKernelsDataSourceEvenWhenAnotherRanksHigher() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        DataSource decoy = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("getConnection")) {
                        asked.incrementAndGet();
                        throw new SQLException("the decoy DataSource was used");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        ServiceRegistration<DataSource> registration = context.registerService(DataSource.class, decoy, props);
        try {
            Bundle user = context.getBundle(runtime.plugin("user").orElseThrow().bundleId());
            user.update();
            String email = "target-" + UUID.randomUUID() + "@example.com";
            Await.until("user serves again after its update, on the kernel's DataSource", () -> runtime.plugins()
                    .stream().anyMatch(p -> p.name().equals("user") && p.state() == PluginState.ACTIVE
                            && api.get("/api/user/users?limit=1").status() == 200), runtime::plugins);
            Api.Reply created = api.post("/api/user/users", Map.of("name", "Target", "email", email));
            assertEquals(created.toString(), 201, created.status());
            assertEquals("the decoy was never asked for a connection", 0, asked.get());
        } finally {
            registration.unregister();
        }
    }
}
