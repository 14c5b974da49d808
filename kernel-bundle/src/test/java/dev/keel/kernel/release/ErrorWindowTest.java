package dev.keel.kernel.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErrorWindowTest {

    @Test
    void countsOnlyWhatHappenedWithinTheWindow() {
        ErrorWindow w = new ErrorWindow();
        assertEquals(new ErrorWindow.Rate(0, 0), w.add(new ErrorWindow.Sample(0, 100, 50), 10_000));
        assertEquals(new ErrorWindow.Rate(20, 2), w.add(new ErrorWindow.Sample(5_000, 120, 52), 10_000));
        assertEquals(new ErrorWindow.Rate(40, 10), w.add(new ErrorWindow.Sample(10_000, 140, 60), 10_000));
        // the base is the newest sample at or before the window's start
        assertEquals(new ErrorWindow.Rate(50, 10), w.add(new ErrorWindow.Sample(11_000, 150, 60), 10_000));
        assertEquals(new ErrorWindow.Rate(40, 8), w.add(new ErrorWindow.Sample(16_000, 160, 60), 10_000));
    }

    @Test
    void rollsBackOnlyAboveTheRateWithEnoughCalls() {
        assertFalse(ErrorWindow.breached(new ErrorWindow.Rate(19, 19), 20, 20));
        assertTrue(ErrorWindow.breached(new ErrorWindow.Rate(20, 5), 20, 20));
        assertFalse(ErrorWindow.breached(new ErrorWindow.Rate(20, 4), 20, 20));
        assertFalse(ErrorWindow.breached(new ErrorWindow.Rate(0, 0), 1, 0));
        assertTrue(ErrorWindow.breached(new ErrorWindow.Rate(1, 1), 1, 0));
    }
}
