package dev.keel.kernel.security;

import org.osgi.service.component.annotations.Component;

import dev.keel.api.security.Caller;
import dev.keel.api.security.CallerContext;

/**
 * Owns the caller of what each thread does for the kernel ({@link CallerContext} for plugins): the HTTP entry
 * enters a request's caller around the plugin's servlet, governance the caller another node sent around the call
 * it serves for it. Scopes nest: closing one brings back the caller before it.
 */
@Component(service = {CallerContext.class, CallerScope.class})
public final class CallerScope implements CallerContext {

    /** An entered caller, until closed. */
    public interface Entered extends AutoCloseable {
        @Override
        void close();
    }

    private final ThreadLocal<Caller> current = new ThreadLocal<>();

    @Override
    public Caller current() {
        Caller c = current.get();
        return c == null ? Caller.ANONYMOUS : c;
    }

    /** Makes {@code caller} this thread's caller until the returned scope is closed (on this thread). */
    public Entered enter(Caller caller) {
        Caller before = current.get();
        current.set(caller);
        return before == null ? current::remove : () -> current.set(before);
    }
}
