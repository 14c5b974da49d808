package dev.keel.kernel.release;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides whether a request may force a plugin version with the forced
 * routing header ({@code X-Keel-Version: payment=1.1.0}). Kernel-internal
 * seam for the security work: today every caller may (testers reach a new
 * version before it gets traffic); once callers are authenticated, a
 * component of the kernel registers a stricter one (e.g. only a tester role)
 * and the highest-ranked one wins.
 */
public interface ForcedRoutingPolicy {

    /** Whether {@code request} may choose versions by the forced routing header. */
    boolean allowed(HttpServletRequest request);

    /** The policy until security exists: every caller may force a version. */
    ForcedRoutingPolicy ALLOW_ALL = request -> true;
}
