package dev.keel.kernel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RouteInterceptorTest {

    private final List<String> calls = new ArrayList<>();

    private RouteInterceptor named(String name) {
        return (target, req, resp, next) -> {
            calls.add(name + ">");
            next.proceed(req, resp);
            calls.add("<" + name);
        };
    }

    @Test
    void theHighestRankedInterceptorRunsOutermostAndTheServletLast() throws Exception {
        // DS lists them in ascending ranking: "metrics" ranks lowest, "timeout" highest
        RouteInterceptor.chain(List.of(named("metrics"), named("breaker"), named("timeout")), null,
                (req, resp) -> calls.add("servlet")).proceed(null, null);
        assertEquals(List.of("timeout>", "breaker>", "metrics>", "servlet", "<metrics", "<breaker", "<timeout"), calls);
    }

    @Test
    void anInterceptorMayAnswerWithoutProceeding() throws Exception {
        RouteInterceptor open = (target, req, resp, next) -> calls.add("circuit open");
        RouteInterceptor.chain(List.of(named("metrics"), open), null, (req, resp) -> calls.add("servlet"))
                .proceed(null, null);
        assertEquals(List.of("circuit open"), calls);
    }

    @Test
    void withoutInterceptorsTheServletIsCalledDirectly() throws Exception {
        RouteInterceptor.chain(List.of(), null, (req, resp) -> calls.add("servlet")).proceed(null, null);
        assertEquals(List.of("servlet"), calls);
    }
}
