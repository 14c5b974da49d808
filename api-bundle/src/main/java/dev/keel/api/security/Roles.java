package dev.keel.api.security;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The roles Keel knows. Operators get theirs from {@code etc/keel.users} (one
 * file for HTTP and SSH); customers get {@link #CUSTOMER} from the plugin that
 * logs them in. A role implies others: {@code admin} implies every operator
 * role, {@code operator} implies {@code viewer}.
 */
public final class Roles {

    /** Installs, updates and uninstalls code; the raw Gogo and Felix commands; implies every other operator role. */
    public static final String ADMIN = "admin";
    /** Canary, promote, rollback, start and stop, configuration, log levels; implies {@link #VIEWER}. */
    public static final String OPERATOR = "operator";
    /** Reads everything: plugins, releases, health details, configuration (secrets masked), every customer's data. */
    public static final String VIEWER = "viewer";
    /** May force a version with {@code X-Keel-Version}. */
    public static final String TESTER = "tester";
    /** May scrape {@code /metrics}. */
    public static final String METRICS = "metrics";
    /** A customer of the business plugins: reads and changes only their own data. */
    public static final String CUSTOMER = "customer";

    private static final Map<String, Set<String>> IMPLIES = Map.of(
            ADMIN, Set.of(OPERATOR, VIEWER, TESTER, METRICS),
            OPERATOR, Set.of(VIEWER));

    private Roles() {
    }

    /**
     * Some roles with every role they imply added.
     *
     * @param granted the roles granted
     * @return an immutable set: {@code granted} and what it implies
     */
    public static Set<String> implied(Collection<String> granted) {
        Set<String> all = new HashSet<>(granted);
        for (String role : granted) {
            all.addAll(IMPLIES.getOrDefault(role, Set.of()));
        }
        return Set.copyOf(all);
    }
}
