package dev.keel.kernel.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A set of IP addresses and CIDR ranges ({@code 10.0.0.0/8}, {@code ::1},
 * {@code fd00::/8}): the reverse proxies whose forwarded headers Keel trusts.
 * Only literal addresses: a host name would need a DNS lookup per request and
 * whoever controls that DNS would control who is trusted.
 */
final class AddressRanges {

    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f.:]+");

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    private AddressRanges(List<Range> ranges) {
        this.ranges = ranges;
    }

    /**
     * Parses addresses and ranges.
     *
     * @throws IllegalArgumentException naming the first entry that is not a literal address or range
     */
    static AddressRanges of(String... entries) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : entries == null ? new String[0] : entries) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int slash = e.indexOf('/');
            byte[] network = address(slash < 0 ? e : e.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("not an IP address or CIDR range: " + e);
            }
            int prefix = network.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(e.substring(slash + 1));
                } catch (NumberFormatException nf) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > network.length * 8) {
                    throw new IllegalArgumentException("not a CIDR range: " + e);
                }
            }
            ranges.add(new Range(network, prefix));
        }
        return new AddressRanges(List.copyOf(ranges));
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether an address (a literal, as {@code getRemoteAddr()} gives it) is in one of the ranges. */
    boolean contains(String address) {
        byte[] a = address(address);
        return a != null && ranges.stream().anyMatch(r -> r.contains(a));
    }

    /** The bytes of a literal IPv4 or IPv6 address (brackets allowed), or {@code null}; never a DNS lookup. */
    static byte[] address(String literal) {
        if (literal == null) {
            return null;
        }
        String s = literal.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        if (s.isEmpty() || !LITERAL.matcher(s).matches()) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            return ipv4(s);
        }
        try {
            // with a ':' Java reads the string as an IPv6 literal only, never a name to look up;
            // an IPv4-mapped IPv6 address comes back as its IPv4 address
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                return null;
            }
            int n = Integer.parseInt(parts[i]);
            if (n > 255) {
                return null;
            }
            out[i] = (byte) n;
        }
        return out;
    }
}
