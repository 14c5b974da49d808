package dev.keel.cluster.tls;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.keel.api.security.Caller;

/**
 * The caller of a remote call, between Keel's {@link Caller} and what travels ({@link Wire.Identity}): subject,
 * issuer, roles, and the token's claims as plain JDK values (strings, numbers, booleans, lists and maps of them;
 * anything else a token library made of them is left out), so they pass the other node's {@link ContractFilter}.
 */
final class Identities {

    private Identities() {
    }

    /** What travels for a caller; {@code null} for an anonymous one. */
    static Wire.Identity of(Caller caller) {
        if (caller == null || !caller.authenticated()) {
            return null;
        }
        return new Wire.Identity(caller.subject(), caller.issuer(), List.copyOf(caller.roles()),
                plainMap(caller.claims()));
    }

    /** The caller a request carried; {@link Caller#ANONYMOUS} for none. */
    static Caller caller(Wire.Identity identity) {
        if (identity == null || identity.subject().isEmpty()) {
            return Caller.ANONYMOUS;
        }
        return new Caller(identity.subject(), Set.copyOf(identity.roles()), plainMap(identity.claims()),
                identity.issuer());
    }

    private static Map<String, Object> plainMap(Map<?, ?> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> {
            Object p = plain(v, 0);
            if (k instanceof String name && p != null) {
                out.put(name, p);
            }
        });
        return out;
    }

    private static Object plain(Object v, int depth) {
        if (depth > 8) {
            return null;
        }
        if (v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Integer
                || v instanceof Double || v instanceof Float || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger || v instanceof BigDecimal) {
            return v;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> {
                Object p = plain(x, depth + 1);
                if (k instanceof String name && p != null) {
                    out.put(name, p);
                }
            });
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>();
            for (Object x : c) {
                Object p = plain(x, depth + 1);
                if (p != null) {
                    out.add(p);
                }
            }
            return out;
        }
        return null;
    }
}
