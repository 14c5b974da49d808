package dev.keel.kernel.governance;

/**
 * A routed request that failed on the client's side (the client went away
 * while the answer was written): the governed call path counts it as neither
 * a success nor a failure of the plugin, so it never opens the plugin's
 * breaker or raises a canary's error rate. Kernel-internal.
 */
public final class ClientFault extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ClientFault(Throwable cause) {
        super("the client went away: " + cause, cause);
    }
}
