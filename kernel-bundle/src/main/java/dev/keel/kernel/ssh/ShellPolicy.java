package dev.keel.kernel.ssh;

import java.util.List;
import java.util.Set;

import dev.keel.api.security.Roles;

/**
 * Which role a shell command needs, like Karaf's command ACLs: {@code viewer}
 * the read-only keel commands (and {@code help}, {@code keel:keys list}); {@code operator} also start,
 * stop, canary, promote, rollback, breaker reset, setting a configuration value
 * and a log level; {@code admin} everything else: install, update, uninstall,
 * shutdown, any keel command not listed here, and the raw Gogo and Felix
 * commands, file access included.
 */
final class ShellPolicy {

    private static final Set<String> VIEWER_KEEL = Set.of("plugins", "plugin", "ready", "releases", "health",
            "breakers", "metrics", "events", "nodes");
    private static final Set<String> OPERATOR_KEEL = Set.of("start", "stop", "canary", "promote", "rollback",
            "breaker");

    private ShellPolicy() {
    }

    /**
     * The role a command needs.
     *
     * @param scope the command's scope, e.g. {@code keel}, {@code felix}, {@code gogo}
     * @param function the command's name
     * @param args its arguments (some commands read with few and change with more)
     * @return {@link Roles#VIEWER}, {@link Roles#OPERATOR} or {@link Roles#ADMIN}
     */
    static String required(String scope, String function, List<?> args) {
        if ("felix".equals(scope) && "help".equals(function)) {
            return Roles.VIEWER;
        }
        if (!"keel".equals(scope)) {
            return Roles.ADMIN;
        }
        if (VIEWER_KEEL.contains(function)) {
            return Roles.VIEWER;
        }
        if (OPERATOR_KEEL.contains(function)) {
            return Roles.OPERATOR;
        }
        return switch (function) {
            // keel:config, keel:config PID read; keel:config PID KEY VALUE sets
            case "config" -> args.size() <= 1 ? Roles.VIEWER : Roles.OPERATOR;
            // keel:log level, keel:log tail [N] read; keel:log level NAME LEVEL sets
            case "log" -> args.size() >= 3 || (args.size() == 2 && !"tail".equals(String.valueOf(args.get(0))))
                    ? Roles.OPERATOR : Roles.VIEWER;
            // keel:keys list shows the public signing keys; keel:keys rotate changes them
            case "keys" -> args.size() == 1 && "list".equals(String.valueOf(args.get(0))) ? Roles.VIEWER : Roles.ADMIN;
            default -> Roles.ADMIN;
        };
    }

    /**
     * @param granted the user's roles, as granted in etc/keel.users
     * @return whether they may run the command
     */
    static boolean allows(Set<String> granted, String scope, String function, List<?> args) {
        return Roles.implied(granted).contains(required(scope, function, args));
    }

    /** Whether the roles may run some form of the command (for the list {@code help} shows). */
    static boolean mayRunSomeForm(Set<String> granted, String scope, String function) {
        return allows(granted, scope, function, List.of());
    }
}
