package dev.keel.kernel.observe;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.governance.Governor;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /health/live} (200 while the process serves) and
 * {@code GET /health/ready}: 200 when every required plugin is ACTIVE and no
 * circuit breaker of a required plugin is open, else 503 with the reason of
 * each failing part.
 */
@Component(service = Servlet.class, configurationPid = ProbeServlet.PID)
@HttpWhiteboardServletPattern({"/health/live", "/health/ready"})
@Designate(ocd = ProbeServlet.Config.class)
public final class ProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Configuration PID: {@code etc/keel.health.cfg}. */
    public static final String PID = "keel.health";

    /** Which plugins readiness requires. */
    @ObjectClassDefinition(name = "Keel readiness")
    public @interface Config {
        @AttributeDefinition(name = "Required plugins",
                description = "Plugins that must be ACTIVE (and their breakers not open) for /health/ready; "
                        + "empty: every plugin the kernel runs")
        String[] required_plugins() default {};
    }

    private final transient PluginRuntime runtime;
    private final transient Governor governor;
    private final transient ObjectMapper json = new ObjectMapper();
    private transient volatile Set<String> required;

    @Activate
    public ProbeServlet(Config config, @Reference PluginRuntime runtime, @Reference Governor governor) {
        this.runtime = runtime;
        this.governor = governor;
        modified(config);
    }

    @Modified
    void modified(Config config) {
        List<String> names = new ArrayList<>();
        for (String s : config.required_plugins()) {
            for (String n : s.split(",")) {
                if (!n.isBlank()) {
                    names.add(n.trim());
                }
            }
        }
        this.required = Set.copyOf(names);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, Object> body;
        if ("/health/live".equals(req.getServletPath())) {
            body = new LinkedHashMap<>();
            body.put("status", "UP");
        } else {
            body = readiness(runtime.plugins(), governor.breakerViews(), required);
        }
        resp.setStatus("UP".equals(body.get("status")) ? 200 : 503);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        json.writeValue(resp.getOutputStream(), body);
    }

    static Map<String, Object> readiness(List<PluginStatus> plugins, List<Governor.BreakerView> breakers,
            Set<String> required) {
        List<Map<String, Object>> failing = new ArrayList<>();
        Set<String> names = required.isEmpty()
                ? new java.util.TreeSet<>(plugins.stream().map(PluginStatus::name).toList()) : required;
        for (String name : names) {
            List<PluginStatus> versions = plugins.stream().filter(p -> p.name().equals(name)).toList();
            if (versions.stream().noneMatch(p -> p.state() == PluginState.ACTIVE)) {
                String why = versions.isEmpty() ? "not installed"
                        : versions.stream().map(p -> p.version() + " is " + p.state()
                                + (p.failure() != null ? " (" + p.failure() + ")" : "")
                                + (!p.waitingFor().isEmpty() ? " (waiting for " + String.join(", ", p.waitingFor()) + ")"
                                        : "")).reduce((a, b) -> a + "; " + b).orElse("");
                failing.add(part("plugin", name, why));
            }
        }
        for (Governor.BreakerView b : breakers) {
            // only versions still installed: an old version's breaker stays open after an update
            boolean installed = plugins.stream().anyMatch(p -> p.name().equals(b.plugin())
                    && p.version().equals(b.version()));
            if (installed && names.contains(b.plugin())
                    && ("OPEN".equals(b.state()) || "FORCED_OPEN".equals(b.state()))) {
                failing.add(part("breaker", b.plugin() + " " + b.version(), "circuit breaker is " + b.state()
                        + " (failure rate " + b.failureRate() + "%)"));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", failing.isEmpty() ? "UP" : "DOWN");
        body.put("failing", failing);
        return body;
    }

    private static Map<String, Object> part(String kind, String name, String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("name", name);
        m.put("reason", reason);
        return m;
    }
}
