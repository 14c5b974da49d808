package dev.keel.kernel.security;

import dev.keel.api.security.Caller;
import dev.keel.kernel.security.Audit.Actor;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The {@link Actor} of an act, as each surface knows it: the authenticated
 * caller of an HTTP request and its address, the user of a shell session (the
 * SSH surface puts its {@link Actor} into the Gogo session under
 * {@link #SESSION_ATTRIBUTE}), or Keel itself for what it does on its own
 * (the automatic rollback).
 */
public final class Actors {

    /** The Gogo session attribute that holds the session's {@link Actor}: {@value}. */
    public static final String SESSION_ATTRIBUTE = "keel.actor";

    /** Keel acting on its own, e.g. rolling a failing canary back. */
    public static final Actor KEEL = new Actor("keel", "keel", "");

    private Actors() {
    }

    /** The caller of an HTTP request (its {@link Caller#ATTRIBUTE}, else anonymous) and the client's address. */
    public static Actor http(HttpServletRequest request) {
        Object caller = request.getAttribute(Caller.ATTRIBUTE);
        String subject = caller instanceof Caller c ? c.subject() : "";
        return new Actor(subject, "http", String.valueOf(request.getRemoteAddr()));
    }

    /**
     * The actor of a shell session: the one its surface put there, else the
     * local console's (the operating system user who runs Keel).
     *
     * @param attribute the session's {@link #SESSION_ATTRIBUTE} value, or null
     */
    public static Actor shell(Object attribute) {
        if (attribute instanceof Actor a) {
            return a;
        }
        return new Actor(System.getProperty("user.name", ""), "console", "local");
    }
}
