package dev.keel.kernel.observe;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.kernel.security.Authenticator;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /health/live} (200 while the process serves) and
 * {@code GET /health/ready}: the {@link Readiness} verdict, 200 when ready,
 * else 503. Anonymous probes get {@code UP} or {@code DOWN} only; a caller
 * with the role {@code viewer} also the reason of each failing part.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/health/live", "/health/ready"})
public final class ProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Readiness readiness;
    private final transient Authenticator authenticator;
    private final transient ObjectMapper json = new ObjectMapper();

    @Activate
    public ProbeServlet(@Reference Readiness readiness, @Reference Authenticator authenticator) {
        this.readiness = readiness;
        this.authenticator = authenticator;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, Object> body;
        if ("/health/live".equals(req.getServletPath())) {
            body = new LinkedHashMap<>();
            body.put("status", "UP");
        } else {
            Readiness.Report report = readiness.report();
            if (ObserveAccess.seesDetails(authenticator, req)) {
                body = readiness(report);
            } else {
                body = new LinkedHashMap<>();
                body.put("status", report.up() ? "UP" : "DOWN");
            }
        }
        resp.setStatus("UP".equals(body.get("status")) ? 200 : 503);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        json.writeValue(resp.getOutputStream(), body);
    }

    static Map<String, Object> readiness(Readiness.Report report) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.up() ? "UP" : "DOWN");
        body.put("failing", HealthServlet.parts(report.failing()));
        return body;
    }
}
