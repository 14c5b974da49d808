package dev.keel.kernel.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RoutePathTest {

    @Test
    void aRouteMatchesItselfAndEverythingBelowItOnly() {
        assertTrue(RoutePath.matches("/orders", "/orders"));
        assertTrue(RoutePath.matches("/orders", "/orders/"));
        assertTrue(RoutePath.matches("/orders", "/orders/7/items"));
        assertFalse(RoutePath.matches("/orders", "/ordersx"));
        assertFalse(RoutePath.matches("/orders", "/order"));
        assertFalse(RoutePath.matches("/orders", "/"));
        assertFalse(RoutePath.matches("/orders/open", "/orders"));
    }

    @Test
    void theRootRouteMatchesEveryPath() {
        assertTrue(RoutePath.matches("/", "/"));
        assertTrue(RoutePath.matches("/", "/anything/below"));
    }

    @Test
    void pathInfoIsWhatIsLeftBelowTheRoute() {
        assertNull(RoutePath.pathInfo("/orders", "/orders"));
        assertEquals("/", RoutePath.pathInfo("/orders", "/orders/"));
        assertEquals("/7/items", RoutePath.pathInfo("/orders", "/orders/7/items"));
        assertEquals("/x/y", RoutePath.pathInfo("/", "/x/y"));
    }

    @Test
    void routesAreMadeCanonicalOrRejected() {
        assertEquals("/orders", RoutePath.normalize("/orders"));
        assertEquals("/orders", RoutePath.normalize("orders/"));
        assertEquals("/orders", RoutePath.normalize(" /orders/* "));
        assertEquals("/orders", RoutePath.normalize(new String[] {"/orders"}));
        assertEquals("/", RoutePath.normalize("/"));
        assertEquals("/", RoutePath.normalize(""));
        assertNull(RoutePath.normalize("/orders/*/items"));
        assertNull(RoutePath.normalize("/a//b"));
        assertNull(RoutePath.normalize("/a?b"));
        assertNull(RoutePath.normalize(null));
    }

    @Test
    void anApiPathSplitsIntoPluginAndRest() {
        assertArrayEquals(new String[] {"order", "/orders/7"}, RoutePath.split("/order/orders/7"));
        assertArrayEquals(new String[] {"order", "/"}, RoutePath.split("/order"));
        assertArrayEquals(new String[] {"order", "/"}, RoutePath.split("/order/"));
        assertNull(RoutePath.split(null));
        assertNull(RoutePath.split("/"));
        assertNull(RoutePath.split("//orders"));
    }
}
