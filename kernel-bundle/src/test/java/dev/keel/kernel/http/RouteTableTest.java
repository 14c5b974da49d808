package dev.keel.kernel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.keel.kernel.deploy.LiveUpdateFixtures.stub;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.Logger;

import dev.keel.kernel.deploy.LiveUpdateFixtures;
import dev.keel.kernel.util.Poll;
import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.plugin.ListedRuntime;
import dev.keel.api.http.KeelRoute;
import dev.keel.kernel.deploy.LiveUpdate;
import jakarta.servlet.Servlet;

/** The route table per plugin: built once per change, never per request; routes of an updated bundle are awaited. */
class RouteTableTest {

    private final AtomicInteger snapshots = new AtomicInteger();
    private volatile PluginState orderState = PluginState.ACTIVE;
    private volatile int bundleState = Bundle.ACTIVE;
    private final LiveUpdate live = LiveUpdateFixtures.liveUpdate(Duration.ofSeconds(1));
    private final RouteTable table = new RouteTable(stub(Logger.class), live, runtime());

    @Test
    void lookupsBetweenTwoChangesShareOneSnapshotOfThePlugins() {
        table.addRoute(reference(100, "/orders"), stub(Servlet.class));
        PluginRoutes first = table.plugin("order");
        for (int i = 0; i < 1_000; i++) {
            assertSame(first, table.plugin("order"), "the same table while nothing changes");
            assertEquals(1, table.plugin("order").candidates("/orders/7").size());
        }
        assertEquals(1, snapshots.get(), "one snapshot of the plugins for all those requests");
        List<Candidate> c = first.candidates("/orders/7");
        assertSame(c, first.candidates("/orders"), "one version: the same answer, nothing allocated");

        orderState = PluginState.STOPPED;
        live.changed(); // what the plugin lifecycle tells live update on every state change
        PluginRoutes after = table.plugin("order");
        assertEquals(2, snapshots.get());
        assertFalse(after.anyActive(), "the new state is seen at the next request");
        assertTrue(table.plugin("nobody").candidates("/x").isEmpty());
        assertFalse(table.plugin("nobody").known());
    }

    @Test
    void aRouteChangeIsSeenAtTheNextRequest() {
        table.addRoute(reference(100, "/orders"), stub(Servlet.class));
        assertTrue(table.plugin("order").candidates("/carts").isEmpty());
        table.addRoute(reference(101, "/carts"), stub(Servlet.class));
        assertEquals("/carts", table.plugin("order").candidates("/carts/1").get(0).route().path);
        table.removeRoute(reference(101, "/carts"));
        assertTrue(table.plugin("order").candidates("/carts").isEmpty());
    }

    @Test
    void theRoutesOfABundleThatIsUpdatedAreAwaitedNotAnswered404() {
        table.addRoute(reference(100, "/orders"), stub(Servlet.class));
        assertFalse(table.routesComingBack(table.plugin("order")));
        bundleState = Bundle.STOPPING; // an update: the bundle's servlet goes, its plugin starts again first
        table.removeRoute(reference(100, "/orders"));
        bundleState = Bundle.ACTIVE;
        PluginRoutes started = table.plugin("order");
        assertTrue(started.candidates("/orders").isEmpty());
        assertTrue(table.routesComingBack(started), "ACTIVE again, its routes not yet: hold the request");
        table.addRoute(reference(102, "/orders"), stub(Servlet.class));
        assertFalse(table.routesComingBack(table.plugin("order")));
        assertEquals(1, table.plugin("order").candidates("/orders").size());
    }

    @Test
    void aBundleWhoseRoutesWentAwayLongerAgoThanTheHoldIsForgottenAtTheNextPluginChange() {
        LiveUpdate shortHold = new LiveUpdate(LiveUpdateFixtures.config(20), stub(BundleContext.class),
                LiveUpdateFixtures.lifecycle(List::of, Duration.ofSeconds(1)), stub(Logger.class));
        RouteTable t = new RouteTable(stub(Logger.class), shortHold, runtime());
        t.addRoute(reference(100, "/orders"), stub(Servlet.class));
        bundleState = Bundle.STOPPING; // its bundle stops (and is then uninstalled, never to register again)
        t.removeRoute(reference(100, "/orders"));
        assertEquals(1, t.bundlesAway());
        Poll.until(() -> {
            shortHold.changed(); // a plugin change (the uninstall, as the plugin lifecycle reports it)
            t.plugin("order");
            return t.bundlesAway() == 0;
        }, Duration.ofSeconds(5));
        assertEquals(0, t.bundlesAway(), "forgotten once the hold window is over");
    }

    private ServiceReference<Servlet> reference(long serviceId, String route) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBundleId" -> 59L;
                    case "getSymbolicName" -> "order-bundle";
                    case "getState" -> bundleState;
                    default -> null;
                });
        Map<String, Object> props = Map.of(Constants.SERVICE_ID, serviceId, KeelRoute.ROUTE, route);
        @SuppressWarnings("unchecked")
        ServiceReference<Servlet> ref = (ServiceReference<Servlet>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> props.get((String) args[0]);
                    case "getPropertyKeys" -> props.keySet().toArray(String[]::new);
                    case "getBundle" -> bundle;
                    default -> null;
                });
        return ref;
    }

    private PluginRuntime runtime() {
        return ListedRuntime.of(() -> {
            snapshots.incrementAndGet();
            return List.of(new PluginStatus("order", "1.0.0", 59, "file:order.jar", 10, List.of(), orderState,
                    Instant.now(), List.of(), null));
        });
    }

}
