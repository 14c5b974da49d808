package dev.keel.user.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.http.FieldError;
import dev.keel.api.http.KeelRoute;
import dev.keel.api.http.ProblemException;
import dev.keel.support.web.JsonRequest;
import dev.keel.support.web.JsonResponse;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code /api/user/users}: register, fetch and list users as JSON. */
@Component(service = Servlet.class)
@KeelRoute(UserServlet.ROUTE)
public final class UserServlet extends HttpServlet {

    static final String ROUTE = "/users";
    private static final long serialVersionUID = 1L;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");

    private final transient UserStore store;
    private final transient ObjectMapper json = new ObjectMapper();

    @Activate
    public UserServlet(@Reference UserStore store) {
        this.store = store;
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
        body.check();
        try {
            UserStore.Account created = store.create(name, email);
            resp.setStatus(201);
            resp.setHeader("Location", req.getRequestURI().replaceAll("/+$", "") + "/" + created.user().id());
            JsonResponse.write(resp, json, view(created));
        } catch (UserStore.DuplicateEmail e) {
            throw new ProblemException(409, "Conflict", e.getMessage(),
                    List.of(new FieldError("email", "is already registered")));
        } catch (SQLException e) {
            throw new IllegalStateException("storing the user failed", e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String below = JsonRequest.below(req, ROUTE);
        try {
            if (below.isEmpty() || below.equals("/")) {
                int limit = JsonRequest.intParam(req, "limit", 20, 1, 100);
                int offset = JsonRequest.intParam(req, "offset", 0, 0, Integer.MAX_VALUE);
                UserStore.Page page = store.list(limit, offset);
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
            UserStore.Account account = store.find(id).orElseThrow(
                    () -> new ProblemException(404, "Not Found", "no user with id " + id));
            JsonResponse.write(resp, json, view(account));
        } catch (SQLException e) {
            throw new IllegalStateException("reading users failed", e);
        }
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
