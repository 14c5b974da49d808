package dev.keel.user.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.http.KeelRoute;
import dev.keel.api.security.IssuedToken;
import dev.keel.api.security.LoginGuard;
import dev.keel.api.security.LoginRefusedException;
import dev.keel.api.security.Roles;
import dev.keel.api.security.TokenIssuer;
import dev.keel.support.web.JsonBody;
import dev.keel.support.web.JsonRequest;
import dev.keel.support.web.JsonResponse;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /api/user/sessions} (public): a customer's login. E-mail and
 * password in, a bearer token of the kernel's issuer for the user's id with
 * the role {@code customer} out. Every attempt passes the kernel's
 * {@link LoginGuard} (per e-mail and per client address; 429 with
 * {@code Retry-After} when it refuses). An unknown e-mail and a wrong password
 * get the same 401, after the same work.
 */
@Component(service = Servlet.class, property = {KeelRoute.CONSUMES + "=" + JsonBody.MEDIA_TYPE,
        KeelRoute.PUBLIC + "=POST " + SessionServlet.ROUTE})
@KeelRoute(SessionServlet.ROUTE)
public final class SessionServlet extends HttpServlet {

    static final String ROUTE = "/sessions";
    /** The one answer to an unknown e-mail, a wrong password and a user without a password. */
    static final String WRONG = "wrong e-mail or password";
    private static final long serialVersionUID = 1L;

    private final transient UserServiceImpl users;
    private final transient LoginGuard guard;
    private final transient TokenIssuer tokens;
    private final transient ObjectMapper json = new ObjectMapper();

    @Activate
    public SessionServlet(@Reference UserServiceImpl users, @Reference LoginGuard guard,
            @Reference TokenIssuer tokens) {
        this.users = users;
        this.guard = guard;
        this.tokens = tokens;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!JsonRequest.below(req, ROUTE).isEmpty()) {
            throw JsonResponse.notFound(req);
        }
        JsonRequest body = JsonRequest.of(req, json);
        String email = body.text("email", 254);
        char[] password = PasswordField.read(body, 1);
        body.check();
        String account = email.toLowerCase(Locale.ROOT);
        String address = req.getRemoteAddr();
        try {
            try {
                guard.before(account, address);
            } catch (LoginRefusedException e) {
                long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
                JsonResponse.problem(req, resp, json, 429, "Too Many Requests", e.getMessage(),
                        Map.of("Retry-After", String.valueOf(seconds)));
                return;
            }
            Optional<String> userId = users.authenticate(account, password);
            if (userId.isEmpty()) {
                guard.failed(account, address);
                JsonResponse.problem(req, resp, json, 401, "Unauthorized", WRONG,
                        Map.of("WWW-Authenticate", "Bearer"));
                return;
            }
            guard.succeeded(account, address);
            IssuedToken token = tokens.issue(userId.get(), Set.of(Roles.CUSTOMER));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("token", token.value());
            out.put("expiresAt", token.expiresAt().toString());
            out.put("userId", userId.get());
            resp.setHeader("Cache-Control", "no-store");
            JsonResponse.write(resp, json, out);
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}
