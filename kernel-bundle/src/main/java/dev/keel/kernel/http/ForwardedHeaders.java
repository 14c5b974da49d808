package dev.keel.kernel.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What reverse proxies say about a request — the client's address and the
 * scheme it used — read from {@code Forwarded} (RFC 7239) or, without it,
 * {@code X-Forwarded-For} and {@code X-Forwarded-Proto}, and believed only
 * hop by hop from trusted proxies: starting at the connection's peer, each
 * hop that is a trusted proxy gives the address before it; the first address
 * that is not a trusted proxy is the client. Anything a client wrote into
 * these headers itself is never reached, because the nearest untrusted hop
 * ends the walk.
 */
final class ForwardedHeaders {

    /** Hops read at most: a longer chain is not believed beyond them. */
    static final int MAX_HOPS = 20;

    /**
     * The client as Keel sees it.
     *
     * @param address the client's address (the peer's, when no trusted proxy says otherwise)
     * @param secure whether the client used HTTPS; {@code null} when no trusted proxy said
     */
    record Client(String address, Boolean secure) {
    }

    private record Hop(String address, Boolean secure) {
    }

    private ForwardedHeaders() {
    }

    /**
     * @param peer the address of the connection's peer ({@code getRemoteAddr()})
     * @param forwarded the {@code Forwarded} header values, in order
     * @param forwardedFor the {@code X-Forwarded-For} values
     * @param forwardedProto the {@code X-Forwarded-Proto} values
     */
    static Client client(String peer, AddressRanges trusted, List<String> forwarded, List<String> forwardedFor,
            List<String> forwardedProto) {
        if (trusted.isEmpty() || !trusted.contains(peer)) {
            return new Client(peer, null);
        }
        List<Hop> hops = forwarded.isEmpty() ? xForwarded(forwardedFor, forwardedProto) : forwarded(forwarded);
        String client = peer;
        Boolean secure = null;
        for (int i = hops.size() - 1; i >= 0 && trusted.contains(client); i--) {
            Hop hop = hops.get(i);
            if (hop.secure() != null) {
                secure = hop.secure();
            }
            if (hop.address() == null) {
                break; // "unknown" or obfuscated: the client is somewhere before this proxy
            }
            client = hop.address();
        }
        return new Client(client, secure);
    }

    private static List<Hop> forwarded(List<String> values) {
        List<Hop> hops = new ArrayList<>();
        for (String element : last(split(String.join(",", values), ','))) {
            String address = null;
            Boolean secure = null;
            for (String pair : split(element, ';')) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String name = pair.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                String value = unquote(pair.substring(eq + 1).strip());
                if (name.equals("for")) {
                    address = node(value);
                } else if (name.equals("proto")) {
                    secure = scheme(value);
                }
            }
            hops.add(new Hop(address, secure));
        }
        return hops;
    }

    private static List<Hop> xForwarded(List<String> forValues, List<String> protoValues) {
        List<String> fors = last(split(String.join(",", forValues), ','));
        List<String> protos = split(String.join(",", protoValues), ',');
        List<Hop> hops = new ArrayList<>();
        for (int i = 0; i < fors.size(); i++) {
            // one proto per hop when the lists match; else the one scheme the edge proxy set, for the first hop
            String proto = protos.size() == fors.size() ? protos.get(i) : i == 0 && !protos.isEmpty() ? protos.get(0)
                    : null;
            hops.add(new Hop(node(fors.get(i).strip()), proto == null ? null : scheme(proto.strip())));
        }
        return hops;
    }

    /** The address of a node ({@code 192.0.2.1}, {@code 192.0.2.1:4711}, {@code [2001:db8::1]:4711}), or null. */
    static String node(String value) {
        String v = unquote(value);
        if (v.startsWith("[")) {
            int end = v.indexOf(']');
            v = end < 0 ? "" : v.substring(1, end);
        } else if (v.indexOf(':') >= 0 && v.indexOf(':') == v.lastIndexOf(':')) {
            v = v.substring(0, v.indexOf(':')); // IPv4 with a port
        }
        return AddressRanges.address(v) == null ? null : v;
    }

    private static Boolean scheme(String value) {
        String v = unquote(value).toLowerCase(Locale.ROOT);
        return v.equals("https") ? Boolean.TRUE : v.equals("http") ? Boolean.FALSE : null;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** The last {@link #MAX_HOPS} of a list. */
    private static List<String> last(List<String> all) {
        return all.size() <= MAX_HOPS ? all : all.subList(all.size() - MAX_HOPS, all.size());
    }

    /** Splits on a separator outside double quotes; empty parts dropped. */
    static List<String> split(String s, char separator) {
        if (s == null || s.isBlank()) {
            return Collections.emptyList();
        }
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                add(parts, part);
            } else {
                part.append(c);
            }
        }
        add(parts, part);
        return parts;
    }

    private static void add(List<String> parts, StringBuilder part) {
        String p = part.toString().strip();
        if (!p.isEmpty()) {
            parts.add(p);
        }
        part.setLength(0);
    }
}
