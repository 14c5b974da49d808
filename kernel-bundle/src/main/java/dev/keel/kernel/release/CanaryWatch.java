package dev.keel.kernel.release;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.osgi.service.log.Logger;

import dev.keel.kernel.governance.GovernanceMetrics;

/**
 * The automatic rollback: every second, each canary's calls and errors over
 * {@code rollback.window.s}; a canary above {@code rollback.error.rate}
 * (after {@code rollback.minimum.calls}) is rolled back.
 */
final class CanaryWatch {

    /** Rolls a failing canary back (on one node, or decided once for the cluster). */
    interface Rollback {
        void rollBack(String plugin, String canary, String why);
    }

    private final Splits splits;
    private final GovernanceMetrics metrics;
    private final ReleaseOperations operations;
    private final Supplier<Releases.Config> settings;
    private final Rollback rollback;
    private final Logger log;
    private final ScheduledExecutorService timer;

    CanaryWatch(Splits splits, GovernanceMetrics metrics, ReleaseOperations operations,
            Supplier<Releases.Config> settings, Rollback rollback, Logger log) {
        this.splits = splits;
        this.rollback = rollback;
        this.metrics = metrics;
        this.operations = operations;
        this.settings = settings;
        this.log = log;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "keel-release-watch");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::watch, 1, 1, TimeUnit.SECONDS);
    }

    void close() {
        timer.shutdownNow();
    }

    private void watch() {
        try {
            Releases.Config c = settings.get();
            long now = System.currentTimeMillis();
            for (Map.Entry<String, ReleasePolicy.Split> e : splits.all().entrySet()) {
                String plugin = e.getKey();
                ReleasePolicy.Split split = e.getValue();
                if (split.weight() == 0 || operations.busy(plugin)) {
                    continue;
                }
                long[] sum = new long[2];
                ReleaseViews.counts(metrics, plugin).forEach((version, n) -> {
                    if (ReleasePolicy.matches(version, split.canary())) {
                        sum[0] += n[0];
                        sum[1] += n[1];
                    }
                });
                ErrorWindow.Rate rate = splits.window(plugin).add(new ErrorWindow.Sample(now, sum[0], sum[1]),
                        c.rollback_window_s() * 1000L);
                if (c.rollback_enabled()
                        && ErrorWindow.breached(rate, c.rollback_minimum_calls(), c.rollback_error_rate())) {
                    String why = String.format(Locale.ROOT,
                            "error rate %.1f%% (%d of %d calls in the last %d s) is above %.1f%%", rate.percent(),
                            rate.errors(), rate.calls(), c.rollback_window_s(), c.rollback_error_rate());
                    try {
                        rollback.rollBack(plugin, split.canary(), why);
                    } catch (RuntimeException ex) {
                        log.error("release: automatic rollback of {} {} failed: {}", plugin, split.canary(),
                                ex.getMessage(), ex);
                    }
                }
            }
        } catch (RuntimeException e) {
            log.error("release: watching the canaries failed: {}", e.toString(), e);
        }
    }
}
