package dev.keel.kernel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;

class RouteTest {

    private static Route route(String path, String... consumes) {
        return new Route(1, 10, "b", path, List.of(consumes), null, Map.of());
    }

    @Test
    void aRouteWithoutConsumesAcceptsAnyBody() {
        assertTrue(route("/x").accepts("text/plain"));
        assertTrue(route("/x").accepts(null));
    }

    @Test
    void consumesMatchesMediaTypesIgnoringParametersAndCase() {
        Route json = route("/x", "application/json");
        assertTrue(json.accepts("application/json"));
        assertTrue(json.accepts("Application/JSON; charset=utf-8"));
        assertTrue(json.accepts("application/merge-patch+json"));
        assertFalse(json.accepts("text/plain"));
        assertFalse(json.accepts("application/jsonx"));
        assertFalse(json.accepts(null));
        assertTrue(route("/x", "text/*").accepts("text/csv"));
        assertEquals(List.of("application/json", "text/csv"), Route.mediaTypes("application/json, text/csv"));
        assertEquals(List.of("a/b", "c/d"), Route.mediaTypes(new String[] {"a/b", "c/d"}));
    }

    private static Candidate candidate(String version, PluginState state, long bundleId) {
        return new Candidate(new PluginStatus("order", version, bundleId, "loc", 10, List.of(), state, Instant.now(),
                List.of(), null), route("/orders"));
    }

    @Test
    void theDefaultSelectorPicksTheHighestActiveVersion() {
        HighestActiveVersion selector = new HighestActiveVersion();
        Candidate v1 = candidate("1.0.0", PluginState.ACTIVE, 20);
        Candidate v110 = candidate("1.10.0", PluginState.ACTIVE, 21);
        Candidate v2 = candidate("2.0.0", PluginState.STOPPED, 22);
        assertEquals(Optional.of(v110), selector.choose("order", List.of(v1, v2, v110), null));
        assertEquals(Optional.empty(), selector.choose("order", List.of(v2), null));
        assertEquals(Optional.of(v1), selector.choose("order", List.of(v1, candidate("garbage", PluginState.ACTIVE, 5)), null));
    }

    @Test
    void aRouteIsTheSameWhenOnlyOtherServicePropertiesChanged() {
        jakarta.servlet.Servlet servlet = new jakarta.servlet.http.HttpServlet() {
            private static final long serialVersionUID = 1L;
        };
        Route a = new Route(1, 10, "b", "/x", List.of("application/json"), servlet, Map.of("k", "v"));
        assertTrue(a.sameAs(new Route(1, 10, "b", "/x", List.of("application/json"), servlet, Map.of("k", "v"))));
        assertFalse(a.sameAs(new Route(1, 10, "b", "/y", List.of("application/json"), servlet, Map.of("k", "v"))));
        assertFalse(a.sameAs(new Route(1, 10, "b", "/x", List.of(), servlet, Map.of("k", "v"))));
        assertFalse(a.sameAs(new Route(1, 10, "b", "/x", List.of("application/json"), servlet, Map.of())));
        assertFalse(a.sameAs(new Route(1, 10, "b", "/x", List.of("application/json"), null, Map.of("k", "v"))));
    }
}
