package dev.keel.user.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.http.KeelRoute;
import dev.keel.api.http.ProblemException;
import dev.keel.api.security.Caller;
import dev.keel.api.security.Roles;
import dev.keel.support.web.Callers;
import dev.keel.support.web.JsonBody;
import dev.keel.support.web.JsonRequest;
import dev.keel.support.web.JsonResponse;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/user/users}: register (public; with a password; a known e-mail
 * is answered like a new one), fetch (the user themself or a viewer) and list
 * users (viewers) as JSON.
 */
@Component(service = Servlet.class, property = {KeelRoute.CONSUMES + "=" + JsonBody.MEDIA_TYPE,
        KeelRoute.PUBLIC + "=POST " + UserServlet.ROUTE})
@KeelRoute(UserServlet.ROUTE)
public final class UserServlet extends HttpServlet {

    static final String ROUTE = "/users";
    private static final long serialVersionUID = 1L;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");

    private final transient UserServiceImpl users;
    private final transient ObjectMapper json = new ObjectMapper();

    @Activate
    public UserServlet(@Reference UserServiceImpl users) {
        this.users = users;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!JsonRequest.below(req, ROUTE).isEmpty()) {
            throw JsonResponse.notFound(req);
        }
        JsonRequest body = JsonRequest.of(req, json);
        String name = body.text("name", 200);
        String email = body.text("email", 254);
        if (email != null && !isEmail(email)) {
            body.reject("email", "must be an e-mail address such as ada@example.com");
        }
        char[] password = PasswordField.read(body, PasswordField.MIN);
        body.check();
        try {
            UserStore.Account created = users.register(name, email, password);
            JsonResponse.created(req, resp, json, created.user().id(), view(created));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String below = JsonRequest.below(req, ROUTE);
        Caller caller = Callers.authenticated(req);
        if (below.isEmpty() || below.equals("/")) {
            Callers.requireRole(caller, Roles.VIEWER, "listing users");
            int limit = JsonRequest.intParam(req, "limit", 20, 1, 100);
            int offset = JsonRequest.intParam(req, "offset", 0, 0, Integer.MAX_VALUE);
            UserStore.Page page = users.list(limit, offset);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("items", page.items().stream().map(UserServlet::view).toList());
            out.put("limit", limit);
            out.put("offset", offset);
            out.put("total", page.total());
            JsonResponse.write(resp, json, out);
            return;
        }
        String id = below.substring(1);
        if (id.contains("/")) {
            throw JsonResponse.notFound(req);
        }
        // someone else's user is answered like one that does not exist: a customer learns nothing of others' ids
        Optional<UserStore.Account> account = Callers.mayRead(caller, id) ? users.account(id) : Optional.empty();
        JsonResponse.write(resp, json, view(account.orElseThrow(
                () -> new ProblemException(404, "Not Found", "no user with id " + id))));
    }

    static boolean isEmail(String s) {
        return EMAIL.matcher(s).matches();
    }

    static Map<String, Object> view(UserStore.Account a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.user().id());
        m.put("name", a.user().name());
        m.put("email", a.user().email());
        m.put("orderCount", a.orderCount());
        m.put("totals", a.totals());
        return m;
    }
}
