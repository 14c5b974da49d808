package dev.keel.kernel.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The text of a plugin's shared release state: written in one fixed form, read back as it was, checked. */
class SharedPolicyTest {

    @Test
    void aCanaryIsWrittenInOneFixedFormAndReadBack() {
        SharedPolicy canary = SharedPolicy.canary("1.1.0", 10, "node-a");
        assertEquals("format=1\nstate=CANARY\nversion=1.1.0\nweight=10\nautomatic=false\nnode=node-a\nreason=\n",
                canary.encode());
        assertEquals(canary, SharedPolicy.decode(canary.encode()));
    }

    @Test
    void aRollbackKeepsItsReasonWhateverItHolds() {
        SharedPolicy r = SharedPolicy.rolledBack("1.1.0", "error rate 100.0% \\ above\n20%\r=x", true, "node-b");
        SharedPolicy back = SharedPolicy.decode(r.encode());
        assertEquals(r, back);
        assertTrue(back.automatic());
        assertEquals(7, r.encode().split("\n", -1).length - 1, "one line per key: " + r.encode());
    }

    @Test
    void onlyTheCanaryStateOfThatVersionIsTheCanary() {
        assertTrue(SharedPolicy.canary("1.1.0", 10, "a").isCanary("1.1.0"));
        assertFalse(SharedPolicy.canary("1.2.0", 10, "a").isCanary("1.1.0"));
        assertFalse(SharedPolicy.promoted("1.1.0", "a").isCanary("1.1.0"));
        assertFalse(SharedPolicy.rolledBack("1.1.0", "by hand", false, "a").isCanary("1.1.0"));
    }

    @Test
    void whatIsNotAStateOfThisFormatIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SharedPolicy.decode(""));
        assertThrows(IllegalArgumentException.class, () -> SharedPolicy.decode("format=2\nstate=CANARY\nversion=1"));
        assertThrows(IllegalArgumentException.class, () -> SharedPolicy.decode("format=1\nstate=GONE\nversion=1"));
        assertThrows(IllegalArgumentException.class, () -> SharedPolicy.decode("format=1\nstate=CANARY\nweight=5"));
        assertThrows(IllegalArgumentException.class,
                () -> SharedPolicy.decode("format=1\nstate=CANARY\nversion=1.1\nweight=ten"));
        assertThrows(IllegalArgumentException.class,
                () -> SharedPolicy.decode("format=1\nstate=CANARY\nversion=1.1\nweight=101"));
    }
}
