package dev.keel.kernel.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/** The order of a live update's framework calls: stop (transiently), then update; the caller refreshes and starts. */
class UpdateStoppedTest {

    /** A bundle that records the calls it gets and moves between states as Felix does. */
    static final class Recorded {
        final List<String> calls = new ArrayList<>();
        int state;
        long lastModified = 1;
        BundleException updateFails;
        BundleException stopFails;
        boolean updateFailsAfterNewRevision;
        final Bundle bundle;

        Recorded(int state) {
            this.state = state;
            this.bundle = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getState" -> this.state;
                        case "getLastModified" -> lastModified;
                        case "getBundleId" -> 31L;
                        case "stop" -> {
                            calls.add("stop(" + (args == null ? "" : args[0]) + ") in " + this.state);
                            this.state = Bundle.RESOLVED;
                            if (stopFails != null) {
                                throw stopFails;
                            }
                            yield null;
                        }
                        case "update" -> {
                            calls.add("update(" + (args != null && args[0] instanceof InputStream ? "bytes" : "")
                                    + ") in " + this.state);
                            if (updateFailsAfterNewRevision) {
                                lastModified++;
                                this.state = Bundle.INSTALLED;
                            }
                            if (updateFails != null) {
                                throw updateFails;
                            }
                            lastModified++;
                            this.state = Bundle.INSTALLED;
                            yield null;
                        }
                        case "start" -> {
                            calls.add("start in " + this.state);
                            this.state = Bundle.ACTIVE;
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    @Test
    void anActiveBundleIsStoppedTransientlyBeforeItIsUpdatedAndNotStartedByTheUpdate() throws Exception {
        Recorded b = new Recorded(Bundle.ACTIVE);

        FrameworkOperations.updateStopped(b.bundle, new byte[] {1, 2});

        assertEquals(List.of("stop(" + Bundle.STOP_TRANSIENT + ") in " + Bundle.ACTIVE,
                "update(bytes) in " + Bundle.RESOLVED), b.calls);
        assertEquals(Bundle.INSTALLED, b.state, "refresh and start are the caller's");
    }

    @Test
    void aBundleThatIsNotRunningIsUpdatedAsItIs() throws Exception {
        Recorded b = new Recorded(Bundle.RESOLVED);

        FrameworkOperations.updateStopped(b.bundle, new byte[] {1});

        assertEquals(List.of("update(bytes) in " + Bundle.RESOLVED), b.calls);
    }

    @Test
    void aRefusedUpdateStartsTheOldRevisionAgainAndSaysWhy() {
        Recorded b = new Recorded(Bundle.ACTIVE);
        b.updateFails = new BundleException("Bundle symbolic name and version are not unique");

        BundleException e = assertThrows(BundleException.class,
                () -> FrameworkOperations.updateStopped(b.bundle, new byte[] {1}));

        assertSame(b.updateFails, e);
        assertEquals(List.of("stop(" + Bundle.STOP_TRANSIENT + ") in " + Bundle.ACTIVE,
                "update(bytes) in " + Bundle.RESOLVED, "start in " + Bundle.RESOLVED), b.calls);
        assertEquals(Bundle.ACTIVE, b.state);
        assertEquals(1, b.lastModified, "still the old revision");
    }

    @Test
    void aStopThatFailsIsNoUpdateAndTheBundleRunsAgain() {
        Recorded b = new Recorded(Bundle.ACTIVE);
        b.stopFails = new BundleException("Activator stop error");

        assertSame(b.stopFails, assertThrows(BundleException.class,
                () -> FrameworkOperations.updateStopped(b.bundle, new byte[] {1})));

        assertEquals(List.of("stop(" + Bundle.STOP_TRANSIENT + ") in " + Bundle.ACTIVE, "start in " + Bundle.RESOLVED),
                b.calls);
        assertEquals(Bundle.ACTIVE, b.state);
    }

    @Test
    void anUpdateThatFailedAfterItsNewRevisionCountsAsUpdated() throws Exception {
        Recorded b = new Recorded(Bundle.ACTIVE);
        b.updateFailsAfterNewRevision = true;
        b.updateFails = new BundleException("Unable to acquire global lock for resolve.");

        FrameworkOperations.updateStopped(b.bundle, new byte[] {1});

        assertEquals(List.of("stop(" + Bundle.STOP_TRANSIENT + ") in " + Bundle.ACTIVE,
                "update(bytes) in " + Bundle.RESOLVED), b.calls, "not started on the old wiring: the caller refreshes");
    }
}
