package dev.keel.example.greeting;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse.BodyHandlers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.osgi.annotation.bundle.Header;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.KeelPlugin;
import dev.keel.api.Plugin;
import dev.keel.api.http.KeelHttpClient;
import dev.keel.api.http.KeelRoute;
import dev.keel.api.http.ProblemException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The README's example plugin: one component that is a plugin and a servlet,
 * and injects everything the kernel offers — logger, typed configuration
 * ({@code etc/keel.example.greeting.cfg}), the DataSource (its table comes
 * from its own migration), the outbound HTTP client and EventAdmin — with
 * nothing else set up. {@code GET /api/greeting/greetings/{name}} answers a
 * greeting, records it, and posts {@code keel/greeting/SENT}.
 */
@Component(service = {Plugin.class, Servlet.class}, configurationPid = GreetingPlugin.PID)
@Designate(ocd = GreetingPlugin.Config.class)
@KeelPlugin(priority = 50)
@KeelRoute("/greetings")
@Header(name = "Keel-Migrations", value = "db/migration")
public final class GreetingPlugin extends HttpServlet implements Plugin {

    static final String PID = "keel.example.greeting";
    static final String TOPIC = "keel/greeting/SENT";
    private static final long serialVersionUID = 1L;

    /** The example's settings, checked by the kernel against this description. */
    @ObjectClassDefinition(name = "Keel example: greeting")
    public @interface Config {
        @AttributeDefinition(description = "The word before the name.")
        String greeting() default "Hello";

        @AttributeDefinition(description = "A URL fetched with the kernel's HTTP client on start; empty: none.")
        String upstream_url() default "";
    }

    private final transient Logger log;
    private final transient DataSource db;
    private final transient KeelHttpClient http;
    private final transient EventAdmin events;
    private final transient ObjectMapper json = new ObjectMapper();
    private final String version;
    private transient volatile Config config;
    private volatile int upstreamStatus;

    @Activate
    public GreetingPlugin(Config config, BundleContext context, @Reference(service = LoggerFactory.class) Logger log,
            @Reference(target = "(keel.datasource=default)") DataSource db, @Reference KeelHttpClient http,
            @Reference EventAdmin events) {
        this.config = config;
        this.version = context.getBundle().getVersion().toString();
        this.log = log;
        this.db = db;
        this.http = http;
        this.events = events;
    }

    @Modified
    void modified(Config config) {
        this.config = config;
        log.info("greeting is now '{}'", config.greeting());
    }

    @Override
    public String name() {
        return "greeting";
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public void start() throws IOException, InterruptedException {
        String url = config.upstream_url();
        if (!url.isBlank()) {
            upstreamStatus = http.send(http.newRequest(URI.create(url)).build(), BodyHandlers.discarding()).statusCode();
            log.info("upstream {} answered {}", url, upstreamStatus);
        }
        log.info("greeting plugin {} started", version);
    }

    @Override
    public void stop() {
        log.info("greeting plugin {} stopped", version);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String who = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
        if (!who.matches("[\\p{L}\\p{N} .'-]{1,100}")) {
            throw new ProblemException(404, "Not Found", "use /api/greeting/greetings/<name>");
        }
        long count;
        try (Connection c = db.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO greeting_log (name, greeted) VALUES (?, ?)")) {
                s.setString(1, who);
                s.setTimestamp(2, Timestamp.from(Instant.now()));
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM greeting_log WHERE name = ?")) {
                s.setString(1, who);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    count = rs.getLong(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("recording the greeting failed", e);
        }
        events.postEvent(new Event(TOPIC, Map.of("name", who, "count", count)));
        log.debug("greeted {} ({} times)", who, count);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("greeting", config.greeting() + ", " + who + "!");
        body.put("times", count);
        body.put("upstreamStatus", upstreamStatus);
        resp.setContentType("application/json");
        json.writeValue(resp.getOutputStream(), body);
    }
}
