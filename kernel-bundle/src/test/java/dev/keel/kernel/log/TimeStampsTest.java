package dev.keel.kernel.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class TimeStampsTest {

    @Test
    void formatsUtcWithThreeDigitsOfMillisecondsAcrossSeconds() {
        TimeStamps t = new TimeStamps();
        long base = Instant.parse("2026-12-01T23:29:21Z").toEpochMilli();
        assertEquals("2026-12-01T23:29:21.000Z", t.append(new StringBuilder(), base).toString());
        assertEquals("2026-12-01T23:29:21.007Z", t.append(new StringBuilder(), base + 7).toString());
        assertEquals("2026-12-01T23:29:21.042Z", t.append(new StringBuilder(), base + 42).toString());
        assertEquals("2026-12-01T23:29:22.999Z", t.append(new StringBuilder(), base + 1999).toString());
        assertEquals("2026-12-01T23:29:21.500Z", t.append(new StringBuilder(), base + 500).toString());
    }

    @Test
    void aMillisecondBeforeTheEpochIsInTheSecondBefore() {
        assertEquals("1969-12-31T23:59:59.999Z", new TimeStamps().append(new StringBuilder(), -1).toString());
    }

    @Test
    void anAccessLineHasEveryField() {
        long at = Instant.parse("2026-12-01T23:29:21.123Z").toEpochMilli();
        assertEquals("2026-12-01T23:29:21.123Z GET /api/user/users 200 3ms 182B rid=r-1 plugin=user/1.0.0",
                new AccessLog.Entry(at, "GET", "/api/user/users", 200, 3, 182, "r-1", "user/1.0.0").line());
    }
}
