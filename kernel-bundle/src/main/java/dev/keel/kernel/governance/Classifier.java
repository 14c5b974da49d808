package dev.keel.kernel.governance;

import java.lang.reflect.Method;
import java.util.NoSuchElementException;

import dev.keel.api.ServiceUnavailableException;
import dev.keel.api.http.ProblemException;
import dev.keel.kernel.util.StorageFull;

/**
 * Which exceptions are part of a contract: they reach the caller unchanged and
 * count as a served call, not as a failure of the provider.
 * <ul>
 * <li>service calls: an exception the method declares in its {@code throws}
 * clause; {@link IllegalArgumentException} and {@link NoSuchElementException}
 * (invalid input, unknown id, as the business contracts document them); any
 * exception type of a Keel API package ({@code dev.keel.api} and below, e.g.
 * {@code IdempotencyConflictException}, or a {@link ServiceUnavailableException}
 * of a call the provider made itself, already counted against that call's
 * provider). Everything else (other runtime exceptions, errors) is a failure.</li>
 * <li>routed requests: a {@link ProblemException} of any status is the
 * plugin's answer; a {@link ServiceUnavailableException} is the failure of
 * another provider. Everything else is a failure.</li>
 * </ul>
 * A write refused for a full disk ({@link StorageFull}) is no failure of
 * the provider either. Timeouts and injected faults are always failures.
 */
final class Classifier {

    private static final String API = "dev.keel.api.";

    private Classifier() {
    }

    static boolean contractExpected(Method method, Throwable t) {
        if (t instanceof IllegalArgumentException || t instanceof NoSuchElementException || StorageFull.in(t)) {
            return true;
        }
        for (Class<?> declared : method.getExceptionTypes()) {
            if (declared.isInstance(t)) {
                return true;
            }
        }
        return t.getClass().getName().startsWith(API);
    }

    static boolean routeExpected(Throwable t) {
        if (StorageFull.in(t)) {
            return true; // a full disk is nobody's failure: the breaker stays closed, reads keep being served
        }
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof ProblemException || t instanceof ServiceUnavailableException) {
                return true;
            }
        }
        return false;
    }

    /** Rethrows any throwable unchanged, checked or not. */
    @SuppressWarnings("unchecked")
    static <E extends Exception> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
