package ${package};

import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.http.FieldError;
import dev.keel.api.http.KeelRoute;
import dev.keel.api.http.ProblemException;
import dev.keel.api.security.Caller;
import dev.keel.api.user.UserService;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The plugin's route, served by the kernel at {@code /api/${pluginName}/items}
 * (a bearer token required: the kernel authenticates before this runs):
 * <ul>
 * <li>{@code GET /api/${pluginName}/items}: the title (configuration), a summary and the items;</li>
 * <li>{@code GET /api/${pluginName}/items/<id>}: one item, or a 404 problem;</li>
 * <li>{@code POST /api/${pluginName}/items} {@code {"name":..., "quantity":..., "owner":...}}: checks the
 * fields, checks the owner (a user id, optional) through the user plugin's contract, stores the item, posts
 * the event of Items.CREATED and answers 201 with it.</li>
 * </ul>
 */
@Component(service = Servlet.class, configurationPid = Settings.PID,
        property = KeelRoute.CONSUMES + "=application/json")
@Designate(ocd = Settings.class)
@KeelRoute("/items")
public final class ItemsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int LIST_LIMIT = 500;

    private final transient ItemStore store;
    private final transient UserService users;
    private final transient EventAdmin events;
    private final transient Logger log;
    private final transient ObjectMapper json = new ObjectMapper();
    private transient volatile Settings settings;

    /**
     * Everything comes from the kernel: the configuration, the DataSource
     * (its table from this plugin's migration), the user plugin's contract
     * (through the kernel's governed proxy: timeout, circuit breaker, live
     * update), EventAdmin and a logger.
     */
    @Activate
    public ItemsServlet(Settings settings, @Reference(target = "(keel.datasource=default)") DataSource db,
            @Reference UserService users, @Reference EventAdmin events,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.settings = settings;
        this.store = new ItemStore(db);
        this.users = users;
        this.events = events;
        this.log = log;
    }

    /** A configuration change arrives here, without a restart. */
    @Modified
    void modified(Settings settings) {
        this.settings = settings;
        log.info("title is now '{}', max quantity {}", settings.title(), settings.max_quantity());
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        try {
            if (path.equals("/")) {
                List<ItemStore.Item> items = store.list(LIST_LIMIT);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("title", settings.title());
                body.put("summary", Items.summary(items.size()));
                body.put("items", items);
                write(resp, 200, body);
                return;
            }
            String id = path.substring(1);
            ItemStore.Item item = store.find(id)
                    .orElseThrow(() -> new ProblemException(404, "Not Found", "no item " + id));
            write(resp, 200, item);
        } catch (SQLException e) {
            throw new IllegalStateException("reading items failed", e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getPathInfo() != null && !req.getPathInfo().equals("/")) {
            throw new ProblemException(404, "Not Found", "POST goes to /api/${pluginName}/items");
        }
        JsonNode body;
        try {
            body = json.readTree(req.getInputStream());
        } catch (IOException e) {
            throw new ProblemException(400, "Bad Request", "the body is not JSON");
        }
        if (body == null || !body.isObject()) {
            throw new ProblemException(400, "Bad Request", "the body is not a JSON object");
        }
        String name = body.path("name").isTextual() ? body.get("name").asText() : null;
        Integer quantity = body.path("quantity").isInt() ? body.get("quantity").asInt() : null;
        String owner = body.path("owner").isTextual() ? body.get("owner").asText() : null;
        List<FieldError> errors = Items.check(name, quantity, settings.max_quantity());
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "the item is not valid", errors);
        }
        // a call through another plugin's contract: the kernel routes it to the user plugin's ACTIVE version
        if (owner != null && users.find(owner).isEmpty()) {
            throw new ProblemException(422, "Unprocessable Content", "no user " + owner,
                    List.of(new FieldError("owner", "is not a user")));
        }
        Caller caller = (Caller) req.getAttribute(Caller.ATTRIBUTE);
        ItemStore.Item item;
        try {
            item = store.add(name, quantity, owner, caller == null ? "" : caller.subject());
        } catch (SQLException e) {
            throw new IllegalStateException("storing the item failed", e);
        }
        events.postEvent(new Event(Items.CREATED, Map.of("id", item.id(), "name", item.name(),
                "quantity", item.quantity())));
        write(resp, 201, item);
    }

    private void write(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        json.writeValue(resp.getOutputStream(), body);
    }
}
