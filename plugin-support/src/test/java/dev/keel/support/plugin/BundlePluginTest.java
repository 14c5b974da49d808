package dev.keel.support.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.service.log.Logger;

class BundlePluginTest {

    private final List<String> logged = new ArrayList<>();

    private final class Sample extends BundlePlugin {
        Sample(Bundle bundle) {
            super("sample", bundle, logger());
        }
    }

    @Test
    void theVersionIsTheBundleVersionAndStartAndStopAreLogged() throws Exception {
        Sample plugin = new Sample(bundle(new Version(1, 2, 3, "202612011200")));
        assertEquals("sample", plugin.name());
        assertEquals("1.2.3.202612011200", plugin.version());
        plugin.start();
        plugin.stop();
        assertEquals(List.of("info {} {} started [sample, 1.2.3.202612011200]",
                "info {} {} stopped [sample, 1.2.3.202612011200]"), logged);
    }

    @Test
    void theDataSourceTargetIsTheKernelsDocumentedFilter() {
        assertEquals("(keel.datasource=default)", BundlePlugin.DATASOURCE);
    }

    private static Bundle bundle(Version version) {
        return (Bundle) Proxy.newProxyInstance(BundlePluginTest.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getVersion")) {
                        return version;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private Logger logger() {
        return (Logger) Proxy.newProxyInstance(BundlePluginTest.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("info") && args.length == 3) {
                        logged.add("info " + args[0] + " [" + args[1] + ", " + args[2] + "]");
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
