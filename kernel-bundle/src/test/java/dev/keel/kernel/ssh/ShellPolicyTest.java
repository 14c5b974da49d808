package dev.keel.kernel.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ShellPolicyTest {

    private static final Set<String> VIEWER = Set.of("viewer");
    private static final Set<String> OPERATOR = Set.of("operator");
    private static final Set<String> ADMIN = Set.of("admin");

    private static boolean may(Set<String> roles, String command, String... args) {
        int colon = command.indexOf(':');
        return ShellPolicy.allows(roles, command.substring(0, colon), command.substring(colon + 1), List.of(args));
    }

    @Test
    void viewersRunOnlyTheReadOnlyKeelCommands() {
        for (String c : List.of("keel:plugins", "keel:releases", "keel:health", "keel:breakers", "keel:metrics",
                "keel:events", "keel:ready", "keel:config", "felix:help")) {
            assertTrue(may(VIEWER, c), c);
        }
        assertTrue(may(VIEWER, "keel:plugin", "payment"));
        assertTrue(may(VIEWER, "keel:config", "keel.ssh"));
        assertTrue(may(VIEWER, "keel:log", "level"));
        assertTrue(may(VIEWER, "keel:log", "tail", "50"));
        assertTrue(may(VIEWER, "keel:keys", "list"));
        assertFalse(may(VIEWER, "keel:keys", "rotate"));
        assertFalse(may(OPERATOR, "keel:keys", "rotate"));
        assertTrue(may(ADMIN, "keel:keys", "rotate"));
        for (String c : List.of("keel:install", "keel:update", "keel:uninstall", "keel:start", "keel:stop",
                "keel:canary", "keel:promote", "keel:rollback", "keel:shutdown", "keel:keys", "gogo:cat", "gogo:ls",
                "felix:lb", "felix:install", "gogo:gosh", "gogo:each", "gogo:echo")) {
            assertFalse(may(VIEWER, c), c);
        }
        assertFalse(may(VIEWER, "keel:config", "keel.ssh", "port", "1"));
        assertFalse(may(VIEWER, "keel:log", "level", "payment", "DEBUG"));
        assertFalse(may(VIEWER, "keel:log", "level", "payment"));
    }

    @Test
    void operatorsAlsoOperateButNeverLoadCodeOrTouchFiles() {
        for (String c : List.of("keel:start", "keel:stop", "keel:canary", "keel:promote", "keel:rollback",
                "keel:breaker", "keel:plugins")) {
            assertTrue(may(OPERATOR, c), c);
        }
        assertTrue(may(OPERATOR, "keel:config", "keel.ssh", "port", "1"));
        assertTrue(may(OPERATOR, "keel:log", "level", "payment", "DEBUG"));
        for (String c : List.of("keel:install", "keel:update", "keel:uninstall", "keel:shutdown", "gogo:cat",
                "felix:lb", "felix:bundle")) {
            assertFalse(may(OPERATOR, c), c);
        }
    }

    @Test
    void adminsRunEverything() {
        for (String c : List.of("keel:install", "keel:update", "keel:uninstall", "keel:shutdown", "keel:anything",
                "gogo:cat", "gogo:ls", "felix:lb", "felix:install", "gogo:gosh")) {
            assertTrue(may(ADMIN, c), c);
        }
        assertEquals("admin", ShellPolicy.required("keel", "newcommand", List.of()), "unknown keel commands need admin");
        assertFalse(may(Set.of("tester", "metrics"), "keel:plugins"), "tester and metrics are no shell roles");
        assertFalse(may(Set.of(), "keel:plugins"));
    }

    @Test
    void namesResolveAsGogoResolvesThem() {
        Set<String> commands = Set.of("keel:plugins", "keel:start", "felix:start", "gogo:cat", "felix:lb");

        assertEquals("keel:plugins", GuardedProcessor.resolve("*:plugins", "gogo:felix:keel:*", commands));
        assertEquals("felix:start", GuardedProcessor.resolve("*:start", "gogo:felix:keel:*", commands),
                "unscoped names find the standard commands first, as in gosh");
        assertEquals("keel:start", GuardedProcessor.resolve("keel:start", "gogo:felix:keel:*", commands));
        assertEquals("gogo:cat", GuardedProcessor.resolve("*:cat", null, commands));
        assertNull(GuardedProcessor.resolve("*:nothing", "gogo:felix:keel:*", commands));
        assertNull(GuardedProcessor.resolve("plugins", "*", commands));
        assertNull(GuardedProcessor.resolve("keel:nothing", "*", commands));
    }
}
