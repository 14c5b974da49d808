package dev.keel.kernel.observe;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.keel.kernel.security.Authenticator;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /metrics}: every kernel metric in the Prometheus text exposition
 * format 0.0.4, for a caller with the role {@code metrics} or the configured
 * scrape token ({@code Authorization: Bearer <token>}, Prometheus'
 * {@code authorization} setting); else 401 or 403.
 */
@Component(service = Servlet.class, configurationPid = MetricsServlet.PID)
@HttpWhiteboardServletPattern("/metrics")
@Designate(ocd = MetricsServlet.Config.class)
public final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** Configuration PID: {@code etc/keel.metrics.cfg}. */
    public static final String PID = "keel.metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Configuration of {@code /metrics}. */
    @ObjectClassDefinition(name = "Keel metrics",
            description = "/metrics answers a token with the role metrics, or the scrape token.")
    public @interface Config {
        @AttributeDefinition(name = "Scrape token", type = AttributeType.PASSWORD, required = false,
                description = "A secret a scraper sends as Authorization: Bearer <token> instead of a Keel token "
                        + "(at least 32 characters; a shorter one is ignored); empty: none")
        String scrape_token() default "";
    }

    private final transient MetricsRegistry metrics;
    private final transient Authenticator authenticator;
    private transient volatile String scrapeToken;

    @Activate
    public MetricsServlet(Config config, @Reference MetricsRegistry metrics, @Reference Authenticator authenticator) {
        this.metrics = metrics;
        this.authenticator = authenticator;
        modified(config);
    }

    @Modified
    void modified(Config config) {
        String t = config.scrape_token() == null ? "" : config.scrape_token().strip();
        scrapeToken = t.length() >= 32 ? t : ""; // a short secret is guessable: none rather than a weak one
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!ObserveAccess.admitMetrics(authenticator, scrapeToken, req, resp)) {
            return;
        }
        resp.setStatus(200);
        resp.setContentType(CONTENT_TYPE);
        resp.setHeader("Cache-Control", "no-store");
        metrics.write(resp.getOutputStream());
    }
}
