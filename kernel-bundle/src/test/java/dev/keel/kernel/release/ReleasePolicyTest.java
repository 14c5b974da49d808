package dev.keel.kernel.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ReleasePolicyTest {

    private static final String V1 = "1.0.0.202611250910";
    private static final String V11 = "1.1.0.202611250911";
    private static final List<String> BOTH = List.of(V1, V11);

    @Test
    void withoutSplitTheFirstInstalledServes() {
        assertEquals(Optional.of(V1), ReleasePolicy.choose("payment", null, BOTH, "u1", null));
        assertEquals(Optional.of(V11), ReleasePolicy.choose("payment", null, List.of(V11, V1), null, null));
        assertEquals(Optional.empty(), ReleasePolicy.choose("payment", null, List.of(), "u1", null));
    }

    @Test
    void tenPercentOfManyUsersGoToTheCanary() {
        ReleasePolicy.Split split = new ReleasePolicy.Split("1.1.0", 10);
        int canary = 0;
        int users = 20_000;
        for (int i = 0; i < users; i++) {
            if (ReleasePolicy.choose("payment", split, BOTH, "user-" + i, null).orElseThrow().equals(V11)) {
                canary++;
            }
        }
        double share = canary * 100.0 / users;
        assertTrue(share > 9 && share < 11, "canary share " + share + "%");
    }

    @Test
    void bucketsSpreadEvenly() {
        int[] counts = new int[100];
        for (int i = 0; i < 100_000; i++) {
            counts[ReleasePolicy.bucket("payment", Integer.toString(i))]++;
        }
        for (int c : counts) {
            assertTrue(c > 850 && c < 1150, "bucket count " + c);
        }
    }

    @Test
    void theSameUserAlwaysLandsOnTheSameVersion() {
        ReleasePolicy.Split split = new ReleasePolicy.Split("1.1.0", 50);
        for (int u = 0; u < 200; u++) {
            String first = ReleasePolicy.choose("payment", split, BOTH, "user-" + u, null).orElseThrow();
            for (int i = 0; i < 50; i++) {
                assertEquals(first, ReleasePolicy.choose("payment", split, BOTH, "user-" + u, null).orElseThrow());
            }
        }
    }

    @Test
    void raisingTheWeightKeepsCanaryUsersOnTheCanary() {
        for (int u = 0; u < 2000; u++) {
            String key = "user-" + u;
            boolean at10 = ReleasePolicy.choose("payment", new ReleasePolicy.Split("1.1.0", 10), BOTH, key, null)
                    .orElseThrow().equals(V11);
            boolean at50 = ReleasePolicy.choose("payment", new ReleasePolicy.Split("1.1.0", 50), BOTH, key, null)
                    .orElseThrow().equals(V11);
            assertTrue(!at10 || at50, key + " left the canary when its weight grew");
        }
    }

    @Test
    void weightsZeroAndHundred() {
        for (int u = 0; u < 500; u++) {
            assertEquals(V1, ReleasePolicy.choose("payment", new ReleasePolicy.Split("1.1.0", 0), BOTH, "u" + u, null)
                    .orElseThrow());
            assertEquals(V11, ReleasePolicy.choose("payment", new ReleasePolicy.Split("1.1.0", 100), BOTH, "u" + u,
                    null).orElseThrow());
        }
    }

    @Test
    void aForcedVersionWinsWhenItIsActive() {
        ReleasePolicy.Split split = new ReleasePolicy.Split("1.1.0", 0);
        assertEquals(Optional.of(V11), ReleasePolicy.choose("payment", split, BOTH, "u1", "1.1.0"));
        assertEquals(Optional.of(V11), ReleasePolicy.choose("payment", null, BOTH, "u1", "1.1"));
        assertEquals(Optional.of(V1), ReleasePolicy.choose("payment", null, BOTH, "u1", "2.0.0"));
    }

    @Test
    void aCanaryThatIsNotActiveGetsNothingAndAStableThatIsNotGetsEverything() {
        ReleasePolicy.Split split = new ReleasePolicy.Split("1.1.0", 100);
        assertEquals(Optional.of(V1), ReleasePolicy.choose("payment", split, List.of(V1), "u1", null));
        assertEquals(Optional.of(V11),
                ReleasePolicy.choose("payment", new ReleasePolicy.Split("1.1.0", 0), List.of(V11), "u1", null));
    }

    @Test
    void versionsMatchByTheirSegments() {
        assertTrue(ReleasePolicy.matches(V11, "1.1.0"));
        assertTrue(ReleasePolicy.matches(V11, "1.1"));
        assertTrue(ReleasePolicy.matches(V11, V11));
        assertFalse(ReleasePolicy.matches(V11, "1.1.1"));
        assertFalse(ReleasePolicy.matches("1.10.0", "1.1"));
        assertFalse(ReleasePolicy.matches(V1, "1.1.0"));
        assertFalse(ReleasePolicy.matches(V1, ""));
    }

    @Test
    void splitsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new ReleasePolicy.Split("1.1.0", 101));
        assertThrows(IllegalArgumentException.class, () -> new ReleasePolicy.Split(" ", 10));
    }

    @Test
    void forcedHeadersParse() {
        assertEquals(java.util.Map.of("payment", "1.1.0", "order", "1.0"),
                RoutingKey.parseForced("payment=1.1.0, order=1.0, =2, user="));
        assertEquals(java.util.Map.of(), RoutingKey.parseForced(null));
    }

    @Test
    void splitsAreReadFromTheConfiguration() {
        var splits = Splits.parse(java.util.Map.of("canary.payment", "1.1.0", "weight.payment", "10",
                "canary.order", "", "weight.order", "30", "canary.root", "", "weight.root", "0"));
        assertEquals(java.util.Map.of("payment", new ReleasePolicy.Split("1.1.0", 10)), splits);
    }
}
