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

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.deploy.DeployMonitor;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /health}: overall status and each plugin's state; 200 when every
 * plugin is ACTIVE and start-up has settled (framework started, every bundle in
 * {@code deploy/} installed and started or reported as a problem, the SSH shell
 * listening or failed: {@link DeployMonitor#pending()}), else 503.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/health")
public final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient PluginRuntime runtime;
    private final transient DeployMonitor deploy;
    private final transient ObjectMapper json = new ObjectMapper();

    @Activate
    public HealthServlet(@Reference PluginRuntime runtime, @Reference DeployMonitor deploy) {
        this.runtime = runtime;
        this.deploy = deploy;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, Object> body = health(runtime.plugins(), deploy.pending());
        resp.setStatus("UP".equals(body.get("status")) ? 200 : 503);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        json.writeValue(resp.getOutputStream(), body);
    }

    static Map<String, Object> health(List<PluginStatus> plugins, List<String> pending) {
        boolean up = pending.isEmpty() && plugins.stream().allMatch(p -> p.state() == PluginState.ACTIVE);
        List<Map<String, Object>> list = new ArrayList<>();
        for (PluginStatus p : plugins) {
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
        body.put("status", up ? "UP" : "DOWN");
        body.put("plugins", list);
        if (!pending.isEmpty()) {
            body.put("pending", pending);
        }
        return body;
    }
}
