package dev.keel.kernel.release;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The canary's outcomes over a sliding time window, from cumulative call and
 * error counts sampled now and then: the automatic rollback rule.
 */
final class ErrorWindow {

    /** One sample of cumulative counts. */
    record Sample(long atMillis, long calls, long errors) {
    }

    /** The counts within the window. */
    record Rate(long calls, long errors) {
        double percent() {
            return calls == 0 ? 0 : errors * 100.0 / calls;
        }
    }

    private final Deque<Sample> samples = new ArrayDeque<>();

    /** Adds a sample and drops those older than the window (keeping one at or before its start). */
    synchronized Rate add(Sample s, long windowMillis) {
        samples.addLast(s);
        long start = s.atMillis() - windowMillis;
        while (samples.size() > 1) {
            Sample second = samples.stream().skip(1).findFirst().orElseThrow();
            if (second.atMillis() <= start) {
                samples.removeFirst();
            } else {
                break;
            }
        }
        Sample first = samples.peekFirst();
        return new Rate(Math.max(0, s.calls() - first.calls()), Math.max(0, s.errors() - first.errors()));
    }

    /**
     * Whether the rate calls for a rollback: at least {@code minimumCalls}
     * calls in the window and more than {@code maxErrorPercent} of them failed.
     */
    static boolean breached(Rate rate, long minimumCalls, double maxErrorPercent) {
        return rate.calls() >= minimumCalls && rate.calls() > 0 && rate.percent() > maxErrorPercent;
    }
}
