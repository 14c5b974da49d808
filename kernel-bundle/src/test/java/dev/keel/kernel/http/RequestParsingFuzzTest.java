package dev.keel.kernel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based fuzzing of what the HTTP entry reads from a request before a
 * plugin runs (path, request id, Content-Type): any input gives an answer, never
 * an exception the entry would turn into a 500. Tries: {@code jqwik.tries.default}
 * in {@code junit-platform.properties}, more with {@code -Djqwik.tries.default=N}.
 */
class RequestParsingFuzzTest {

    @Property
    void anyPathSplitsIntoAPluginAndAPathBelowIt(@ForAll("paths") String path) {
        String[] split = RoutePath.split(path);
        if (split != null) {
            assertEquals(2, split.length);
            assertTrue(!split[0].isEmpty() && !split[0].contains("/"), split[0]);
            assertTrue(split[1].startsWith("/"), split[1]);
            assertEquals(path, "/" + split[0] + (split[1].equals("/") && !path.endsWith(split[0] + "/") ? "" : split[1]));
        }
    }

    @Property
    void anyRouteAndPathMatchOrNotAndGiveThePathBelow(@ForAll("paths") String route, @ForAll("paths") String path) {
        String r = RoutePath.normalize(route);
        if (r != null && path != null && path.startsWith("/") && RoutePath.matches(r, path)) {
            String info = RoutePath.pathInfo(r, path);
            assertTrue(info == null || info.startsWith("/"), info);
        }
    }

    @Property
    void anIncomingRequestIdIsKeptOnlyWhenSafeElseReplaced(@ForAll("ids") String incoming) {
        String id = RequestIds.accept(incoming);
        assertNotNull(id);
        assertTrue(RequestIds.valid(id), id);
        if (!RequestIds.valid(incoming)) {
            assertTrue(id.length() == 36, id);
        }
    }

    @Property
    void anyContentTypeIsAcceptedOrNot(@ForAll("contentTypes") String contentType) {
        Route json = new Route(1, 1, "b", "/x", List.of("application/json"), null, java.util.Map.of());
        Route any = new Route(2, 1, "b", "/y", List.of(), null, java.util.Map.of());
        assertTrue(any.accepts(contentType));
        json.accepts(contentType);
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> pieces = Arbitraries.of("/", "//", "api", "user", "users", "*", "?", "#", "%2F", "..", ".",
                " ", "\u0000", "\u202e", "é", ";", "=");
        return Arbitraries.oneOf(pieces.list().ofMaxSize(8).map(l -> String.join("", l)),
                Arbitraries.strings().ofMaxLength(40)).injectNull(0.05);
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(140),
                Arbitraries.strings().withChars("abcXYZ019-_.:/+= \n\r\"").ofMaxLength(130)).injectNull(0.05);
    }

    @Provide
    Arbitrary<String> contentTypes() {
        Arbitrary<String> pieces = Arbitraries.of("application/json", "application/", "+json", ";", "charset=",
                "utf-8", " ", ",", "*/*", "\"", "");
        return Arbitraries.oneOf(pieces.list().ofMaxSize(6).map(l -> String.join("", l)),
                Arbitraries.strings().ofMaxLength(40)).injectNull(0.05);
    }
}
