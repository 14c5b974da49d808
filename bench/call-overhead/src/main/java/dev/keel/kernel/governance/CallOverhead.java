package dev.keel.kernel.governance;

import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.log.Logger;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;

/**
 * A governed call (the kernel's proxy: provider choice, breaker, timeout
 * watchdog, fault check, metrics) against a direct call of the same service
 * object. The kernel's real classes; only the OSGi framework objects around
 * them are stand-ins.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CallOverhead {

    /** The contract. */
    public interface Prices {
        long price(String sku, int quantity);
    }

    /** The provider: a little real work, so the call is not folded away. */
    public static final class PricesImpl implements Prices {
        @Override
        public long price(String sku, int quantity) {
            return (long) sku.length() * 100 + quantity;
        }
    }

    private Prices direct;
    private Prices governed;
    private Governor governor;
    private GovernedServices services;
    private dev.keel.kernel.plugin.PluginManager lifecycle;
    private int n;

    @SuppressWarnings("unchecked")
    static <T> T stub(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            if (answers.containsKey(m.getName())) {
                return answers.get(m.getName());
            }
            Class<?> r = m.getReturnType();
            if (r == boolean.class) {
                return false;
            }
            if (r == long.class) {
                return 0L;
            }
            if (r == int.class) {
                return 0;
            }
            return null;
        });
    }

    @Setup
    public void setUp() throws Exception {
        direct = new PricesImpl();
        Bundle provider = stub(Bundle.class, Map.of("getBundleId", 7L, "getSymbolicName", "bench.prices",
                "getVersion", new Version("1.0.0"), "getState", Bundle.ACTIVE));
        Hashtable<String, Object> props = new Hashtable<>(Map.of(Constants.SERVICE_ID, 99L,
                Constants.OBJECTCLASS, new String[] {Prices.class.getName()}));
        ServiceReference<?> ref = (ServiceReference<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (p, m, a) -> switch (m.getName()) {
                    case "getBundle" -> provider;
                    case "getProperty" -> props.get(a[0]);
                    case "getPropertyKeys" -> props.keySet().toArray(String[]::new);
                    default -> null;
                });
        BundleContext kernel = stub(BundleContext.class, Map.of("getService", direct));
        PluginRuntime runtime = stub(PluginRuntime.class, Map.of("plugins", List.of(new PluginStatus("prices",
                "1.0.0", 7, "bench", 10, List.of(), PluginState.ACTIVE, null, List.of(), null))));
        Logger log = stub(Logger.class, Map.of());
        GovernanceMetrics metrics = new GovernanceMetrics(runtime, false);
        governor = new Governor(Defaults.CONFIG, Map.of(), metrics, new Faults(Map.of(), log), log);
        lifecycle = new dev.keel.kernel.plugin.PluginManager(Defaults.of(dev.keel.kernel.plugin.PluginManager.Config.class),
                log, new dev.keel.kernel.plugin.PluginEvents());
        dev.keel.kernel.deploy.LiveUpdate live = new dev.keel.kernel.deploy.LiveUpdate(
                Defaults.of(dev.keel.kernel.deploy.LiveUpdate.Config.class), kernel, lifecycle, log);
        PluginDirectory plugins = new PluginDirectory(runtime, live);
        services = new GovernedServices(kernel, governor, plugins, live, log);
        Contract contract = new Contract(Prices.class, governor, services);
        contract.add(new Provider(ref, Prices.class.getName(), kernel, plugins, governor, live.gate(7)));
        governed = (Prices) contract.proxy;
        if (governed.price("abc", 2) != direct.price("abc", 2)) {
            throw new IllegalStateException("the governed call answers differently");
        }
    }

    @TearDown
    public void tearDown() {
        services.deactivate();
        governor.deactivate();
    }

    @Benchmark
    public long directCall() {
        return direct.price("sku-1", ++n & 7);
    }

    @Benchmark
    public long governedCall() {
        return governed.price("sku-1", ++n & 7);
    }
}
