package dev.keel.cluster.tls;

import java.io.ObjectInputFilter;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a remote call may deserialize: the value types the contracts' records and exceptions are made of
 * ({@code java.lang} boxes and strings, {@code java.math}, {@code java.time}, the JDK's usual collections, UUIDs,
 * the common runtime exceptions with their stack traces) and the classes of Keel's API packages
 * ({@code dev.keel.api} and below). Everything else is refused before it is instantiated, so a peer cannot make
 * this node build objects of a library's gadget classes; graph depth, references, array lengths and bytes are
 * bounded too.
 */
final class ContractFilter implements ObjectInputFilter {

    static final String API = "dev.keel.api.";
    static final long MAX_DEPTH = 32;
    static final long MAX_REFS = 100_000;
    static final long MAX_ARRAY = 1_000_000;

    private static final Set<String> JDK = Set.of(
            "java.lang.String", "java.lang.Boolean", "java.lang.Character", "java.lang.Number", "java.lang.Byte",
            "java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
            "java.lang.Enum", "java.math.BigDecimal", "java.math.BigInteger", "java.util.UUID", "java.util.Currency",
            // java.time travels as java.time.Ser; the filter also sees what it resolves to
            "java.time.Ser", "java.time.Instant", "java.time.Duration", "java.time.Period", "java.time.LocalDate",
            "java.time.LocalTime", "java.time.LocalDateTime", "java.time.OffsetDateTime", "java.time.OffsetTime",
            "java.time.ZonedDateTime", "java.time.ZoneOffset", "java.time.ZoneRegion", "java.time.Year",
            "java.time.YearMonth", "java.time.MonthDay",
            // collections (the JDK's immutable ones travel as java.util.CollSer and resolve to their own classes)
            "java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap",
            "java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
            "java.util.Arrays$ArrayList", "java.util.CollSer", "java.util.ImmutableCollections$ListN",
            "java.util.ImmutableCollections$List12", "java.util.ImmutableCollections$SetN",
            "java.util.ImmutableCollections$Set12", "java.util.ImmutableCollections$MapN",
            "java.util.ImmutableCollections$Map1",
            "java.util.Collections$EmptyList", "java.util.Collections$EmptyMap", "java.util.Collections$EmptySet",
            "java.util.Collections$SingletonList", "java.util.Collections$SingletonMap",
            "java.util.Collections$SingletonSet", "java.util.Collections$UnmodifiableCollection",
            "java.util.Collections$UnmodifiableList", "java.util.Collections$UnmodifiableRandomAccessList",
            "java.util.Collections$UnmodifiableSet", "java.util.Collections$UnmodifiableMap",
            // what a contract's exception is made of
            "java.lang.Throwable", "java.lang.Exception", "java.lang.RuntimeException",
            "java.lang.IllegalArgumentException", "java.lang.IllegalStateException",
            "java.lang.UnsupportedOperationException", "java.lang.NullPointerException",
            "java.lang.ArithmeticException", "java.lang.IndexOutOfBoundsException",
            "java.util.NoSuchElementException", "java.util.ConcurrentModificationException",
            "java.lang.StackTraceElement");

    /** Whether a class name may cross nodes (arrays aside), checked before the class is looked up. */
    static final Predicate<String> JDK_OR_API = name -> JDK.contains(name) || name.startsWith(API);

    /** The class this filter refused last (a filter serves one stream, on one thread). */
    private String refused;

    String refused() {
        return refused;
    }

    @Override
    public Status checkInput(FilterInfo info) {
        if (info.depth() > MAX_DEPTH || info.references() > MAX_REFS || info.arrayLength() > MAX_ARRAY) {
            refused = "a graph over the limits (depth " + info.depth() + ", references " + info.references()
                    + ", array length " + info.arrayLength() + ")";
            return Status.REJECTED;
        }
        Class<?> c = info.serialClass();
        if (c == null) {
            return Status.UNDECIDED;
        }
        if (allowed(c)) {
            return Status.ALLOWED;
        }
        refused = c.getName();
        return Status.REJECTED;
    }

    /** Whether instances of a class may cross nodes (an array when its element type may). */
    static boolean allowed(Class<?> c) {
        boolean array = c.isArray();
        while (c.isArray()) {
            c = c.getComponentType();
        }
        if (c.isPrimitive() || (array && (c == Object.class || c == Map.Entry.class))) {
            // an Object[] (the arguments, a collection's contents) or a map's Entry[] is only a holder: each
            // element is checked on its own
            return true;
        }
        return JDK_OR_API.test(c.getName()) && !Proxy.isProxyClass(c);
    }

    /** Whether a throwable, its causes and suppressed exceptions are all of classes that may cross nodes. */
    static boolean allowedThrowable(Throwable t) {
        for (int depth = 0; t != null; depth++, t = t.getCause()) {
            if (depth > 16 || !allowed(t.getClass())) {
                return false;
            }
            for (Throwable s : t.getSuppressed()) {
                if (!allowedThrowable(s)) {
                    return false;
                }
            }
        }
        return true;
    }
}
