package dev.keel.kernel.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.keel.api.security.Caller;

class CallerScopeTest {

    private final CallerScope scope = new CallerScope();
    private final Caller ada = new Caller("ada", Set.of("customer"), Map.of(), "keel");
    private final Caller ops = new Caller("ops", Set.of("operator"), Map.of(), "keel");

    @Test
    void scopesNestAndClosingOneBringsBackTheCallerBefore() {
        assertEquals(Caller.ANONYMOUS, scope.current());
        try (CallerScope.Entered outer = scope.enter(ada)) {
            assertEquals(ada, scope.current());
            try (CallerScope.Entered inner = scope.enter(ops)) {
                assertEquals(ops, scope.current());
            }
            assertEquals(ada, scope.current());
        }
        assertEquals(Caller.ANONYMOUS, scope.current());
    }

    @Test
    void theCallerIsThisThreadsOnly() throws Exception {
        try (CallerScope.Entered in = scope.enter(ada)) {
            assertEquals(Caller.ANONYMOUS, CompletableFuture.supplyAsync(scope::current).get());
            assertEquals(ada, scope.current());
        }
    }
}
