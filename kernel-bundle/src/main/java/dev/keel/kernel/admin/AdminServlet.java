package dev.keel.kernel.admin;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.keel.api.PluginRuntime;
import dev.keel.api.security.Caller;
import dev.keel.kernel.config.ConfigChanges;
import dev.keel.kernel.config.ConfigEditor;
import dev.keel.kernel.config.ConfigValidator;
import dev.keel.kernel.deploy.BundleDeployer;
import dev.keel.kernel.deploy.Deployment;
import dev.keel.kernel.governance.Governor;
import dev.keel.kernel.log.LogSink;
import dev.keel.kernel.release.Releases;
import dev.keel.kernel.release.TrafficHistory;
import dev.keel.kernel.security.Actors;
import dev.keel.kernel.security.Audit;
import dev.keel.kernel.security.Audit.Actor;
import dev.keel.kernel.security.AuthResponses;
import dev.keel.kernel.security.Authenticator;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The shell's release, configuration and code operations as JSON over HTTP,
 * for automation and the web console: {@code GET /admin/plugins}, {@code GET /admin/releases},
 * {@code GET /admin/traffic} (the last 15 minutes per plugin version), {@code GET /admin/artifacts}
 * (the jars of {@code examples/} and {@code deploy/}), {@code GET /admin/session} (who the token names,
 * with its roles) (role {@code viewer}); {@code POST /admin/releases/<plugin>/canary|promote|rollback}
 * and {@code POST /admin/config/<pid>} (role {@code operator});
 * {@code POST /admin/plugins/install}, {@code /admin/plugins/<plugin>/update|uninstall}
 * (role {@code admin}). Every request passes {@link AdminGuard} first (same
 * origin, bearer token, role, JSON bodies); each change is audited by the
 * service that makes it, with the caller and its address. Errors are
 * {@code application/problem+json}.
 */
@Component(service = Servlet.class, configurationPid = AdminServlet.PID)
@HttpWhiteboardServletPattern(AdminServlet.PREFIX + "/*")
@Designate(ocd = AdminServlet.Config.class)
public final class AdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** Configuration PID: {@code etc/keel.admin.cfg}. */
    public static final String PID = "keel.admin";
    static final String PREFIX = "/admin";

    /** Configuration of the admin endpoints. */
    @ObjectClassDefinition(name = "Keel admin over HTTP",
            description = "/admin needs a bearer token with the operation's role, and answers only requests "
                    + "addressed to this server from its own origin.")
    public @interface Config {
        @AttributeDefinition(name = "Allowed host names", required = false,
                description = "Host names (optionally name:port) a request to /admin may carry in its Host header "
                        + "besides localhost and the address it came in on, e.g. the public name of a reverse proxy")
        String[] allowed_hosts() default {};
    }

    private final transient Releases releases;
    private final transient BundleDeployer bundles;
    private final transient ConfigChanges config;
    private final transient PluginRuntime runtime;
    private final transient TrafficHistory traffic;
    private final transient Governor governor;
    private final transient Audit audit;
    private final transient ConsoleViews views;
    private final transient AdminGuard guard;
    private transient volatile Set<String> allowedHosts;

    @Activate
    public AdminServlet(Config settings, @Reference Releases releases, @Reference BundleDeployer bundles,
            @Reference ConfigChanges config, @Reference PluginRuntime runtime,
            @Reference Authenticator authenticator, @Reference TrafficHistory traffic, @Reference Governor governor,
            @Reference Audit audit, @Reference LogSink log, @Reference ConfigValidator validator,
            @Reference ConfigEditor editor, @Reference ConfigurationAdmin configAdmin) {
        this.releases = releases;
        this.bundles = bundles;
        this.config = config;
        this.runtime = runtime;
        this.traffic = traffic;
        this.governor = governor;
        this.audit = audit;
        this.views = new ConsoleViews(log, validator, editor, configAdmin);
        this.guard = new AdminGuard(authenticator);
        modified(settings);
    }

    @Modified
    void modified(Config settings) {
        String[] hosts = settings.allowed_hosts() == null ? new String[0] : settings.allowed_hosts();
        allowedHosts = Arrays.stream(hosts).map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        if (guard.admit(req, resp, parts, allowedHosts) == null) {
            return;
        }
        String method = req.getMethod();
        try {
            Object body = dispatch(method, parts, req);
            if (body == null) {
                AdminJson.problem(resp, 404, "Not Found", "no admin operation " + method + " " + req.getRequestURI()
                        + "; see GET /admin/releases, GET /admin/plugins", req);
                return;
            }
            AdminJson.ok(resp, body);
        } catch (IllegalArgumentException e) {
            AdminJson.problem(resp, 400, "Bad Request", e.getMessage(), req);
        } catch (IllegalStateException e) {
            AdminJson.problem(resp, 409, "Conflict", e.getMessage(), req);
        } catch (Rejected e) {
            AuthResponses.problem(req, resp, 400, "Bad Request", e.getMessage(), "errors", e.errors);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The answer of one operation, or {@code null} for an unknown one. */
    private Object dispatch(String method, String[] p, HttpServletRequest req) throws IOException,
            InvalidSyntaxException {
        if (method.equals("GET") && p.length == 1 && p[0].equals("releases")) {
            return releases.releases();
        }
        if (method.equals("GET") && p.length == 1) {
            return switch (p[0]) {
                case "plugins" -> AdminJson.plugins(runtime.plugins());
                case "traffic" -> traffic.view();
                case "artifacts" -> Map.of("jars", bundles.installable().stream().map(j -> Map.of("location", j))
                        .toList());
                case "session" -> AdminJson.session((Caller) req.getAttribute(Caller.ATTRIBUTE));
                case "breakers" -> AdminJson.breakers(governor.breakerViews());
                case "log" -> views.log(req.getParameter("level"), req.getParameter("lines"));
                case "config" -> views.pids();
                default -> null;
            };
        }
        if (method.equals("GET") && p.length == 2 && p[0].equals("config")) {
            return views.config(p[1]);
        }
        if (!method.equals("POST")) {
            return null;
        }
        Actor who = Actors.http(req);
        if (p.length == 2 && p[0].equals("plugins") && p[1].equals("install")) {
            JsonNode body = AdminJson.body(req);
            return deployed(bundles.install(who, AdminJson.text(body, "location", true),
                    AdminJson.text(body, "sha256", false)));
        }
        if (p.length == 2 && p[0].equals("config")) {
            Map<String, String> values = AdminJson.values(AdminJson.body(req));
            Map<String, String> problems = views.problems(p[1], values);
            if (!problems.isEmpty()) {
                throw new Rejected(p[1], problems);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", p[1]);
            m.put("file", config.set(who, p[1], values).toString());
            return m;
        }
        if (p.length == 3 && p[0].equals("breakers") && p[2].equals("reset")) {
            int n = governor.reset(p[1]);
            audit.record(who, "breaker.reset", p[1], Map.of("breakers", String.valueOf(n)), n == 0
                    ? "failed: no circuit breaker" : "ok");
            if (n == 0) {
                throw new IllegalArgumentException("no circuit breaker for plugin " + p[1]);
            }
            return Map.of("result", "reset " + n + " circuit breaker(s) of " + p[1]);
        }
        if (p.length != 3) {
            return null;
        }
        String plugin = p[1];
        if (p[0].equals("releases")) {
            return switch (p[2]) {
                case "canary" -> {
                    JsonNode body = AdminJson.body(req);
                    yield done(releases.canary(who, plugin, AdminJson.text(body, "version", true),
                            AdminJson.weight(body)));
                }
                case "promote" -> done(releases.promote(who, plugin, AdminJson.text(AdminJson.body(req), "version",
                        false)));
                case "rollback" -> done(releases.rollback(who, plugin));
                default -> null;
            };
        }
        if (p[0].equals("plugins")) {
            return switch (p[2]) {
                case "update" -> {
                    JsonNode body = AdminJson.body(req);
                    yield deployed(bundles.update(who, plugin, AdminJson.text(body, "location", false),
                            AdminJson.text(body, "sha256", false)));
                }
                case "uninstall" -> deployed(bundles.uninstall(who, plugin,
                        AdminJson.flag(AdminJson.body(req), "force")));
                default -> null;
            };
        }
        return null;
    }

    /** New configuration values that their definition refuses: the message of each key. */
    private static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Map<String, String> errors;

        Rejected(String pid, Map<String, String> errors) {
            super(pid + ": rejected " + errors.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining("; ")));
            this.errors = errors;
        }
    }

    private Map<String, Object> done(String result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", result.strip());
        m.put("releases", releases.releases());
        return m;
    }

    /** A deployment: what was done in words, the bundle and its plugins, and the releases after it. */
    private Map<String, Object> deployed(Deployment d) {
        Map<String, Object> m = done(d.summary());
        m.put("deployment", AdminJson.deployment(d));
        return m;
    }
}
