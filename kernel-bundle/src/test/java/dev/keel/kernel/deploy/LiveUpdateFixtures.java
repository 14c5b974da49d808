package dev.keel.kernel.deploy;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.service.log.Logger;

import dev.keel.kernel.plugin.PluginInstance;
import dev.keel.kernel.plugin.PluginLifecycle;

/** What the unit tests of live update and its users need: a lifecycle, a configuration, stubs. */
public final class LiveUpdateFixtures {

    private LiveUpdateFixtures() {
    }

    /** A live update over a lifecycle with no plugins, holding for 5 s. */
    public static LiveUpdate liveUpdate(Duration stopTimeout) {
        return new LiveUpdate(config(5_000), stub(BundleContext.class), lifecycle(List::of, stopTimeout),
                stub(Logger.class));
    }

    /** A lifecycle that is always idle and whose instances are those the supplier gives. */
    public static PluginLifecycle lifecycle(Supplier<List<PluginInstance>> instances, Duration stopTimeout) {
        return new PluginLifecycle() {
            @Override
            public List<PluginInstance> instances() {
                return List.copyOf(instances.get());
            }

            @Override
            public void leaving(long bundleId) {
            }

            @Override
            public void reconsider() {
            }

            @Override
            public Duration stopTimeout() {
                return stopTimeout;
            }

            @Override
            public boolean awaitIdle(Duration timeout) {
                return true;
            }
        };
    }

    /** Live update's configuration with the given hold timeout. */
    public static LiveUpdate.Config config(long holdTimeoutMs) {
        return new LiveUpdate.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LiveUpdate.Config.class;
            }

            @Override
            public long hold_timeout_ms() {
                return holdTimeoutMs;
            }
        };
    }

    /** An instance of the interface whose methods do nothing and answer false or null. */
    @SuppressWarnings("unchecked")
    public static <T> T stub(Class<T> type) {
        return (T) Proxy.newProxyInstance(LiveUpdateFixtures.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? Boolean.FALSE : null);
    }
}
