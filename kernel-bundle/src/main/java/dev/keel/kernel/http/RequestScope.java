package dev.keel.kernel.http;

import org.osgi.service.component.annotations.Component;

/**
 * Owns the id of the {@code /api} request the current thread is serving, so
 * outbound calls a plugin makes while serving it carry the same
 * {@code X-Request-Id}.
 */
@Component(service = RequestScope.class)
public final class RequestScope {

    private final ThreadLocal<String> current = new ThreadLocal<>();

    /** The id of the request this thread serves, or {@code null}. */
    String current() {
        return current.get();
    }

    void enter(String requestId) {
        current.set(requestId);
    }

    void exit() {
        current.remove();
    }
}
