package dev.keel.api.security;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The caller of what the current thread does for the kernel: the authenticated caller of the {@code /api} request
 * it serves, or of the governed call it serves for another node (the calling node sent who called it there, over
 * the cluster's mutually authenticated TLS). A plugin whose contract service is called by another plugin asks it
 * "whose call is this" without an argument for it:
 *
 * <pre>
 * &#64;Reference CallerContext callers;
 * ...
 * Caller caller = callers.current();
 * if (!caller.subject().equals(userId) &amp;&amp; !caller.hasRole(Roles.VIEWER)) throw new IllegalArgumentException(...);
 * </pre>
 *
 * A request's servlet still finds the same caller as the request attribute {@link Caller#ATTRIBUTE}. Work a plugin
 * hands to a thread of its own does not carry the caller along.
 *
 * @since 1.2
 */
@ProviderType
public interface CallerContext {

    /**
     * The caller of the request or governed call this thread serves now.
     *
     * @return {@link Caller#ANONYMOUS} when there is none (a call without a token, a thread of a plugin's own)
     */
    Caller current();
}
