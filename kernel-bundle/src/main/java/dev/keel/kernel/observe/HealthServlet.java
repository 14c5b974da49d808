package dev.keel.kernel.observe;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.PluginStatus;
import dev.keel.kernel.observe.ReadinessCheck.Part;
import dev.keel.kernel.security.Authenticator;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /health}: the {@link Readiness} verdict, 200 when ready, else
 * 503. Anyone reads {@code UP} or {@code DOWN}; a caller with the role
 * {@code viewer} also each plugin's state, what start-up still waits for
 * ({@code pending}) and every failing part.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/health")
public final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Readiness readiness;
    private final transient Authenticator authenticator;
    private final transient ObjectMapper json = new ObjectMapper();

    @Activate
    public HealthServlet(@Reference Readiness readiness, @Reference Authenticator authenticator) {
        this.readiness = readiness;
        this.authenticator = authenticator;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Readiness.Report report = readiness.report();
        resp.setStatus(report.up() ? 200 : 503);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        json.writeValue(resp.getOutputStream(), ObserveAccess.seesDetails(authenticator, req) ? health(report)
                : Map.of("status", report.up() ? "UP" : "DOWN"));
    }

    static Map<String, Object> health(Readiness.Report report) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (PluginStatus p : report.plugins()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("version", p.version());
            m.put("state", p.state().name());
            m.put("bundleId", p.bundleId());
            if (!p.waitingFor().isEmpty()) {
                m.put("waitingFor", p.waitingFor());
            }
            if (p.failure() != null) {
                m.put("failure", p.failure());
            }
            list.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.up() ? "UP" : "DOWN");
        body.put("plugins", list);
        List<String> pending = report.pending();
        if (!pending.isEmpty()) {
            body.put("pending", pending);
        }
        if (!report.up()) {
            body.put("failing", parts(report.failing()));
        }
        return body;
    }

    /** The failing parts as JSON objects: kind, name, reason. */
    static List<Map<String, Object>> parts(List<Part> failing) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Part p : failing) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", p.kind());
            m.put("name", p.name());
            m.put("reason", p.reason());
            out.add(m);
        }
        return out;
    }
}
