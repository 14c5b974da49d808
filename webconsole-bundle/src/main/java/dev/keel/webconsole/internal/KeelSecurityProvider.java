package dev.keel.webconsole.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.context.ServletContextHelper;

import dev.keel.api.security.Caller;
import dev.keel.api.security.OperatorAccess;
import dev.keel.api.security.OperatorAccess.Admission;
import dev.keel.api.security.Roles;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Keel's security provider for the Felix Web Console (id {@value #ID}, which {@code etc/config.properties}' {@code
 * felix.webconsole.security.providers} makes the Web Console wait for, so that it never serves with its built-in
 * {@code admin}/{@code admin}): every request to {@code /system/console} must come from this server's own origin when
 * it may change something ({@link SameOriginCheck}), and carry HTTP Basic credentials of an operator of
 * {@code etc/keel.users} or a bearer token of {@code POST /auth/token}, whose caller has the role {@code admin}
 * (checked, limited and audited by the kernel's {@link OperatorAccess}). Otherwise: 401 with a Basic challenge, 403,
 * or 429.
 */
@Component(service = SecurityProvider.class, property = SecurityProvider.PROPERTY_ID + "=" + KeelSecurityProvider.ID)
public final class KeelSecurityProvider implements SecurityProvider {

    /** This provider's id: {@value}. */
    static final String ID = "keel";
    /** The surface's name on the audit trail and in the log. */
    static final String SURFACE = "webconsole";
    static final String CHALLENGE = "Basic realm=\"Keel\", charset=\"UTF-8\"";

    private final OperatorAccess access;

    @Activate
    public KeelSecurityProvider(@Reference OperatorAccess access) {
        this.access = access;
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        String foreign = SameOriginCheck.refusal(request.getMethod(), request.getHeader("Host"),
                request.getHeader("Origin"), request.getHeader("Referer"), request.getHeader("Sec-Fetch-Site"));
        if (foreign != null) {
            answer(request, response, 403, foreign);
            return null;
        }
        Enumeration<String> headers = request.getHeaders("Authorization");
        String authorization = headers != null && headers.hasMoreElements() ? headers.nextElement() : null;
        if (headers != null && headers.hasMoreElements()) {
            answer(request, response, 400, "more than one Authorization header");
            return null;
        }
        Admission a = access.admit(authorization, Roles.ADMIN, SURFACE, request.getRemoteAddr(), request.getMethod(),
                request.getRequestURI());
        switch (a.outcome()) {
            case ADMITTED -> {
                request.setAttribute(ServletContextHelper.REMOTE_USER, a.caller().subject());
                request.setAttribute(ServletContextHelper.AUTHENTICATION_TYPE,
                        authorization.strip().regionMatches(true, 0, "Basic ", 0, 6) ? HttpServletRequest.BASIC_AUTH
                                : "Bearer");
                // the Web Console's pages must not be framed by another site's (clickjacking with cached credentials)
                response.setHeader("X-Frame-Options", "SAMEORIGIN");
                response.setHeader("Content-Security-Policy", "frame-ancestors 'self'");
                response.setHeader("X-Content-Type-Options", "nosniff");
                return a.caller();
            }
            case UNAUTHENTICATED -> {
                response.setHeader("WWW-Authenticate", CHALLENGE);
                answer(request, response, 401, a.detail());
            }
            case FORBIDDEN -> answer(request, response, 403, a.detail());
            case LIMITED -> {
                response.setHeader("Retry-After", String.valueOf(Math.max(1, (a.retryAfter().toMillis() + 999) / 1000)));
                answer(request, response, 429, a.detail());
            }
        }
        return null;
    }

    /** Every caller admitted is an {@code admin}: the Web Console's own roles are all granted to it. */
    @Override
    public boolean authorize(Object user, String role) {
        return user instanceof Caller c && c.hasRole(Roles.ADMIN);
    }

    /** Basic credentials are the browser's to forget; a bearer token ends on its own. */
    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        // nothing kept here
    }

    private static void answer(HttpServletRequest request, HttpServletResponse response, int status, String detail) {
        byte[] body = (detail + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null) {
                // the refused request's body stays unread: say that the connection ends with this answer
                response.setHeader("Connection", "close");
            }
            response.setStatus(status);
            response.setHeader("Cache-Control", "no-store");
            response.setContentType("text/plain;charset=utf-8");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            response.flushBuffer();
        } catch (IOException e) {
            // the client went away; nothing more to say to it
        }
    }
}
