package dev.keel.kernel.admin;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.deploy.BundleDeployer;
import dev.keel.kernel.deploy.Deployment;
import dev.keel.kernel.release.Releases;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The shell's release and update operations as JSON over HTTP, for
 * automation: {@code /admin/plugins}, {@code /admin/releases} and their
 * actions. Answers callers on this machine only unless {@code keel.admin}
 * {@code allow.remote=true} ({@link AdminAccess} is the seam for
 * authentication); errors are {@code application/problem+json}.
 */
@Component(service = Servlet.class, configurationPid = AdminServlet.PID)
@HttpWhiteboardServletPattern(AdminServlet.PREFIX + "/*")
@Designate(ocd = AdminServlet.Config.class)
public final class AdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** Configuration PID: {@code etc/keel.admin.cfg}. */
    public static final String PID = "keel.admin";
    static final String PREFIX = "/admin";
    private static final int MAX_BODY = 64 * 1024;

    /** Configuration of the admin endpoints. */
    @ObjectClassDefinition(name = "Keel admin over HTTP")
    public @interface Config {
        @AttributeDefinition(name = "Allow remote callers",
                description = "false: /admin answers only 127.0.0.1 / ::1 (403 for anyone else); there is no "
                        + "authentication yet, so open it only behind a guard of your own")
        boolean allow_remote() default false;
    }

    private final transient Releases releases;
    private final transient BundleDeployer bundles;
    private final transient PluginRuntime runtime;
    private final transient Logger log;
    private final transient ObjectMapper json = new ObjectMapper();
    private transient volatile Config config;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile AdminAccess access;

    @Activate
    public AdminServlet(Config config, @Reference Releases releases, @Reference BundleDeployer bundles,
            @Reference PluginRuntime runtime, @Reference(service = LoggerFactory.class) Logger log) {
        this.config = config;
        this.releases = releases;
        this.bundles = bundles;
        this.runtime = runtime;
        this.log = log;
    }

    @Modified
    void modified(Config config) {
        this.config = config;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        AdminAccess a = access;
        String refused = (a == null ? AdminAccess.LOOPBACK : a).refusal(req, config.allow_remote());
        if (refused != null) {
            log.warn("/admin: {} {} from {} refused", req.getMethod(), req.getRequestURI(), req.getRemoteAddr());
            problem(resp, 403, "Forbidden", refused, req);
            return;
        }
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        String method = req.getMethod();
        try {
            Object body = dispatch(method, parts, req);
            if (body == null) {
                problem(resp, 404, "Not Found", "no admin operation " + method + " " + req.getRequestURI()
                        + "; see GET /admin/releases, GET /admin/plugins", req);
                return;
            }
            if (!method.equals("GET")) {
                log.audit("/admin: {} {} from {}: {}", method, req.getRequestURI(), req.getRemoteAddr(), body);
            }
            resp.setStatus(200);
            resp.setContentType("application/json");
            resp.getOutputStream().write(json.writeValueAsBytes(body));
        } catch (IllegalArgumentException e) {
            problem(resp, 400, "Bad Request", e.getMessage(), req);
        } catch (IllegalStateException e) {
            problem(resp, 409, "Conflict", e.getMessage(), req);
        }
    }

    /** The answer of one operation, or {@code null} for an unknown one. */
    private Object dispatch(String method, String[] p, HttpServletRequest req) throws IOException {
        if (method.equals("GET") && p.length == 1 && p[0].equals("releases")) {
            return releases.releases();
        }
        if (method.equals("GET") && p.length == 1 && p[0].equals("plugins")) {
            return plugins(runtime.plugins());
        }
        if (!method.equals("POST") || p.length != 3) {
            return null;
        }
        String plugin = p[1];
        JsonNode body = body(req);
        if (p[0].equals("releases")) {
            return switch (p[2]) {
                case "canary" -> done(releases.canary(plugin, text(body, "version", true), weight(body)));
                case "promote" -> done(releases.promote(plugin, text(body, "version", false)));
                case "rollback" -> done(releases.rollback(plugin));
                default -> null;
            };
        }
        if (p[0].equals("plugins") && p[2].equals("update")) {
            String location = text(body, "location", false);
            return deployed(bundles.update(plugin, location));
        }
        return null;
    }

    private Map<String, Object> done(String result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", result.strip());
        m.put("releases", releases.releases());
        return m;
    }

    /** A deployment: what was done in words, the bundle and its plugins, and the releases after it. */
    private Map<String, Object> deployed(Deployment d) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("action", d.action().name());
        bundle.put("bundleId", d.bundleId());
        bundle.put("symbolicName", d.symbolicName());
        bundle.put("version", d.version());
        bundle.put("previousVersion", d.previousVersion());
        bundle.put("location", d.location());
        bundle.put("outcome", d.outcome().name());
        bundle.put("plugins", plugins(d.plugins()));
        Map<String, Object> m = done(d.summary());
        m.put("deployment", bundle);
        return m;
    }

    private static List<Map<String, Object>> plugins(List<PluginStatus> plugins) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PluginStatus s : plugins) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("version", s.version());
            m.put("bundleId", s.bundleId());
            m.put("state", s.state().name());
            m.put("startedAt", s.startedAt() == null ? null : s.startedAt().toString());
            m.put("failure", s.failure());
            out.add(m);
        }
        return out;
    }

    private JsonNode body(HttpServletRequest req) throws IOException {
        try (InputStream in = req.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new IllegalArgumentException("the request body is larger than " + MAX_BODY + " bytes");
            }
            if (bytes.length == 0) {
                return json.createObjectNode();
            }
            JsonNode node = json.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("the request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the request body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + " is required");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(field + " must be a non-empty string");
        }
        return v.asText().trim();
    }

    private static int weight(JsonNode body) {
        JsonNode v = body.get("weight");
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("weight is required: a whole percent from 0 to 100");
        }
        return v.asInt();
    }

    private void problem(HttpServletResponse resp, int status, String title, String detail, HttpServletRequest req)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "about:blank");
        m.put("title", title);
        m.put("status", status);
        m.put("detail", detail);
        m.put("instance", req.getRequestURI());
        resp.setStatus(status);
        resp.setContentType("application/problem+json");
        resp.getOutputStream().write(json.writeValueAsBytes(m));
    }
}
