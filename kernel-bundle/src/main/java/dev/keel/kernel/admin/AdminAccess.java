package dev.keel.kernel.admin;

import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who may use {@code /admin}. Kernel-internal seam for the security work:
 * today only callers on this machine (loopback) unless {@code keel.admin}
 * {@code allow.remote=true}; once callers are authenticated, a component of
 * the kernel registers a stricter {@code AdminAccess} (e.g. an operator role)
 * and the highest-ranked one wins.
 */
public interface AdminAccess {

    /**
     * @param allowRemote {@code keel.admin} {@code allow.remote}
     * @return why the request is refused, or {@code null} when it may go on
     */
    String refusal(HttpServletRequest request, boolean allowRemote);

    /** The rule until security exists: loopback callers only, unless remote callers are allowed. */
    AdminAccess LOOPBACK = (request, allowRemote) -> allowRemote || isLoopback(request.getRemoteAddr()) ? null
            : "/admin answers only callers on this machine (127.0.0.1); set allow.remote=true in etc/keel.admin.cfg "
                    + "to open it";

    /** Whether an address (as the servlet container reports it) is a loopback address. */
    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                    : address;
            // a literal IP only: never a name lookup
            if (!a.matches("[0-9a-fA-F:.%]+")) {
                return false;
            }
            return InetAddress.getByName(a).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
