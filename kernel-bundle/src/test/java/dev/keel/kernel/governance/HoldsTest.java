package dev.keel.kernel.governance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.log.Logger;

import dev.keel.api.PluginRuntime;
import dev.keel.kernel.plugin.PluginEvents;
import dev.keel.kernel.plugin.PluginManager;

/** Holding a call: bounded by hold.timeout.ms, never for a plugin that is not coming back. */
class HoldsTest {

    private final Logger log = GovernorTest.stub(Logger.class, null);
    private final PluginManager plugins = new PluginManager(new PluginManager.Config() {
        @Override
        public Class<? extends Annotation> annotationType() {
            return PluginManager.Config.class;
        }

        @Override
        public long start_timeout_ms() {
            return 10_000;
        }

        @Override
        public long stop_timeout_ms() {
            return 10_000;
        }
    }, log, new PluginEvents());
    private final Governor governor = new Governor(GovernanceSettingsTest.config(Map.of("hold_timeout_ms", 300L)),
            Map.of(), new GovernanceMetrics(GovernorTest.stub(PluginRuntime.class, List.of()), false),
            new Faults(Map.of(), log), log);
    private final Holds holds = new Holds(plugins, governor);

    @AfterEach
    void close() {
        governor.deactivate();
    }

    @Test
    void aPluginThatIsNotComingBackIsNotWaitedFor() {
        Holds.Hold hold = holds.hold();
        long t0 = System.nanoTime();
        assertFalse(hold.next(() -> false));
        assertFalse(hold.expired(), "never held: the caller gives its usual answer");
        assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(200));
        assertFalse(holds.comingBack("nobody"));
    }

    @Test
    void aHeldCallGivesUpAfterTheHoldTimeout() {
        Holds.Hold hold = holds.hold();
        long t0 = System.nanoTime();
        int looks = 0;
        while (hold.next(() -> true)) {
            looks++;
        }
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(hold.expired());
        assertTrue(tookMs >= 290 && tookMs < 5_000, "held about hold.timeout.ms: " + tookMs);
        assertTrue(looks >= 1, "looked again while held");
    }
}
