package dev.keel.kernel.log;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Formats epoch milliseconds as UTC ISO-8601 with milliseconds
 * ({@code 2026-12-01T23:29:21.042Z}) for a log writer thread, formatting the
 * part up to the seconds once per second rather than once per line. Used by
 * one thread.
 */
final class TimeStamps {

    private static final DateTimeFormatter TO_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private long second = Long.MIN_VALUE;
    private String prefix = "";

    /** Appends the time stamp of {@code epochMillis}. */
    StringBuilder append(StringBuilder out, long epochMillis) {
        long s = Math.floorDiv(epochMillis, 1000);
        if (s != second) {
            prefix = TO_SECONDS.format(Instant.ofEpochSecond(s)) + '.';
            second = s;
        }
        int ms = (int) Math.floorMod(epochMillis, 1000);
        out.append(prefix);
        if (ms < 100) {
            out.append('0');
        }
        if (ms < 10) {
            out.append('0');
        }
        return out.append(ms).append('Z');
    }
}
