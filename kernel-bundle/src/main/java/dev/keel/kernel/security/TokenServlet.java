package dev.keel.kernel.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.keel.api.security.IssuedToken;
import dev.keel.api.security.LoginGuard;
import dev.keel.api.security.Passwords;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.keel.kernel.util.LogText;

/**
 * {@code POST /auth/token}: an operator of {@code etc/keel.users} logs in with
 * {@code {"username","password"}} and gets {@code {"token","expiresAt"}}. An
 * unknown user and a wrong password get the same 401 after the same work;
 * {@link LoginGuard} limits attempts (429 with {@code Retry-After}).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(TokenServlet.PATH)
public final class TokenServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String PATH = "/auth/token";
    private static final int MAX_NAME = 200;

    private final transient PasswordCheck check;
    private final transient KernelTokens tokens;
    private final transient Logger log;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile Audit audit;

    @Activate
    public TokenServlet(@Reference Accounts accounts, @Reference Passwords passwords, @Reference LoginGuard guard,
            @Reference KernelTokens tokens, @Reference(service = LoggerFactory.class) Logger log) {
        this.check = new PasswordCheck(accounts, passwords, guard);
        this.tokens = tokens;
        this.log = log;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!AuthResponses.json(req)) {
            AuthResponses.problem(req, resp, 415, "Unsupported Media Type", "send application/json", Map.of());
            return;
        }
        JsonNode body = AuthResponses.body(req);
        String username = body == null ? null : text(body, "username");
        String password = body == null ? null : text(body, "password");
        if (username == null || password == null || username.isBlank() || username.length() > MAX_NAME) {
            AuthResponses.problem(req, resp, 400, "Bad Request",
                    "send {\"username\": \"...\", \"password\": \"...\"}", Map.of());
            return;
        }
        String address = req.getRemoteAddr();
        PasswordCheck.Result login = check.check(username, password, address);
        if (login.limited()) {
            long seconds = Math.max(1, (login.retryAfter().toMillis() + 999) / 1000);
            audit(username, address, "refused: rate limited");
            AuthResponses.problem(req, resp, 429, "Too Many Requests", "too many login attempts; try again later",
                    Map.of("Retry-After", String.valueOf(seconds)));
            return;
        }
        if (!login.ok()) {
            audit(username, address, "refused: wrong user name or password");
            AuthResponses.problem(req, resp, 401, "Unauthorized", "wrong user name or password",
                    Map.of("WWW-Authenticate", "Bearer"));
            return;
        }
        Accounts.Account account = login.account();
        IssuedToken token = tokens.issue(account.name(), account.roles());
        audit(account.name(), address, "ok");
        log.info("operator {} logged in over HTTP from {}", LogText.escape(account.name()),
                LogText.escape(address));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("token", token.value());
        out.put("expiresAt", token.expiresAt().toString());
        resp.setHeader("Cache-Control", "no-store");
        AuthResponses.ok(resp, "application/json", out);
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n != null && n.isTextual() ? n.asText() : null;
    }

    private void audit(String who, String address, String result) {
        Audit a = audit;
        if (a != null) {
            a.record(new Audit.Actor(who, "http", address), "login", "http", Map.of(), result);
        }
    }
}
