package dev.keel.kernel.governance;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Storage's side of the governance timeout, for the kernel's connection pool:
 * a thread inside JDBC is never interrupted by a timeout (an interrupt inside
 * H2's MVStore can close the store for every plugin); its overdue statement
 * is cancelled ({@code Statement.cancel()}) instead, and the governed call
 * ends as a timeout once the statement returned. Kernel-internal.
 */
@Component(service = StorageCalls.class)
public final class StorageCalls {

    private final Deadlines deadlines;

    @Activate
    public StorageCalls(@Reference Governor governor) {
        this.deadlines = governor.deadlines();
    }

    /**
     * Opens a storage region in the current thread; {@code cancel} cancels
     * what runs in it. Must be closed with {@link #exit()} when true.
     *
     * @return false, with nothing opened, when the thread is interrupted already (it must not enter the driver)
     */
    public boolean enter(Runnable cancel) {
        return deadlines.enterStorage(cancel);
    }

    /**
     * Opens a storage region that an interrupted thread enters too (closing,
     * rolling back: what must happen); its interrupt is held meanwhile.
     */
    public void enterAlways(Runnable cancel) {
        deadlines.enterStorage(cancel, true);
    }

    /** Closes the region opened by the last successful {@link #enter} or {@link #enterAlways}. */
    public void exit() {
        deadlines.exitStorage();
    }
}
