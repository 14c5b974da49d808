package dev.keel.kernel.events;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Felix EventAdmin logs about a misbehaving event handler, read back
 * from its log message: the handler's bundle and class, and why. EventAdmin
 * 1.6 writes {@code Denying event handler from ServiceReference [ref |
 * Bundle(bsn [id]) | Handler(class)] due to timeout!} (older versions:
 * {@code Blacklisting ServiceReference [...] due to timeout!}) and
 * {@code Exception during event dispatch [event | ref | Bundle(bsn [id]) ...]}.
 */
record HandlerReport(Kind kind, String bundle, long bundleId, String handler, String reason) {

    enum Kind {
        /** The handler outlived EventAdmin's timeout and gets no more events. */
        TIMED_OUT,
        /** The handler threw while handling an event. */
        THREW
    }

    private static final Pattern BUNDLE = Pattern.compile("Bundle\\((.*?) ?\\[(\\d+)\\]\\)");
    private static final Pattern HANDLER = Pattern.compile("Handler\\(([^)]*)\\)");

    /** The report in a log message, if it is one. */
    static Optional<HandlerReport> parse(String message, Throwable exception) {
        if (message == null) {
            return Optional.empty();
        }
        Kind kind;
        String reason;
        if ((message.contains("Denying event handler") || message.contains("Blacklisting ServiceReference"))
                && message.contains("due to timeout")) {
            kind = Kind.TIMED_OUT;
            reason = "timed out: EventAdmin delivers no more events to it";
        } else if (message.contains("Exception during event dispatch")) {
            kind = Kind.THREW;
            reason = exception == null ? "threw an exception" : "threw " + oneLine(exception);
        } else {
            return Optional.empty();
        }
        // the event's own text comes first in the dispatch message: take the last Bundle(...)
        String bundle = "?";
        long bundleId = -1;
        Matcher b = BUNDLE.matcher(message);
        while (b.find()) {
            bundle = b.group(1).isBlank() ? "?" : b.group(1);
            bundleId = Long.parseLong(b.group(2));
        }
        String handler = "-";
        Matcher h = HANDLER.matcher(message);
        while (h.find()) {
            handler = h.group(1).replaceFirst("@[0-9a-f]+$", ""); // the dispatch message names the object
        }
        return Optional.of(new HandlerReport(kind, bundle, bundleId, handler, reason));
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }
}
