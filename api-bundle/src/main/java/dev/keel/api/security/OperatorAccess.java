package dev.keel.api.security;

import java.time.Duration;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Admits Keel's operators to an HTTP surface that is not one of the kernel's own, such as the Felix Web Console at
 * {@code /system/console}: with the same users ({@code etc/keel.users}), the same password hashing
 * ({@link Passwords}), rate limits and lockout ({@link LoginGuard}), tokens ({@code POST /auth/token}) and audit
 * trail as {@code /admin}. The surface passes the request's {@code Authorization} header and answers the
 * {@link Admission} it gets.
 *
 * @since 1.1
 */
@ProviderType
public interface OperatorAccess {

    /** What became of a request. */
    enum Outcome {
        /** The caller has the role: serve the request. */
        ADMITTED,
        /** No credentials, or wrong ones: answer 401 with a challenge. */
        UNAUTHENTICATED,
        /** A known caller without the role: answer 403. */
        FORBIDDEN,
        /** Too many login attempts: answer 429 with {@code Retry-After}; the password was not checked. */
        LIMITED
    }

    /**
     * The verdict on one request.
     *
     * @param outcome what to answer
     * @param caller the authenticated caller ({@link Caller#ANONYMOUS} unless {@code ADMITTED} or {@code FORBIDDEN})
     * @param detail why, for the answer's body (never the password; no account name is confirmed)
     * @param retryAfter when {@code LIMITED}: when to try again; else {@link Duration#ZERO}
     */
    record Admission(Outcome outcome, Caller caller, String detail, Duration retryAfter) {
        /** Checks the components. */
        public Admission {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /**
     * Authenticates and authorizes one request. {@code Basic} credentials are checked against
     * {@code etc/keel.users} (a first check of a user's password is a login: limited, and audited as
     * {@code login}; a browser sends them with every request, so a verified pair is remembered for a few minutes,
     * as long as the user's line stays the same); a {@code Bearer} token is verified as {@code /admin} does.
     * Refusals of credentials or of the role are audited, and so is every admitted request that may change
     * something (any method but {@code GET}, {@code HEAD} and {@code OPTIONS}).
     *
     * @param authorization the request's {@code Authorization} header, or null when it has none
     * @param role the role the surface needs, e.g. {@link Roles#ADMIN} (implied roles count)
     * @param surface the surface's name on the audit trail and in the log, e.g. {@code webconsole}
     * @param address the client's address
     * @param method the request's method
     * @param path the request's path, for the audit trail
     * @return the verdict
     */
    Admission admit(String authorization, String role, String surface, String address, String method, String path);
}
