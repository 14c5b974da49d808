package dev.keel.kernel.deploy;

/**
 * Something a surface starts beside the rest of start-up (the SSH shell binds
 * its port on a thread of its own): {@link DeployMonitor#pending()} counts it
 * while it is starting. Surfaces register it as a service, so this package
 * needs to know none of them.
 */
public interface StartupStep {

    /** What is starting, as a sentence's subject, e.g. "the SSH shell". */
    String what();

    /** True until it is up, has failed, or is disabled. */
    boolean starting();
}
