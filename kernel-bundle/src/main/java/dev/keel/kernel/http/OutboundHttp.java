package dev.keel.kernel.http;

import java.net.http.HttpClient;
import java.time.Duration;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Owns the one {@link HttpClient} behind every plugin's {@code KeelHttpClient}
 * and its configuration (PID {@code keel.http.client}); a new configuration
 * builds a new client, calls in flight finish on the old one.
 */
@Component(service = OutboundHttp.class, configurationPid = OutboundHttp.PID)
@Designate(ocd = OutboundHttp.Config.class)
public final class OutboundHttp {

    /** Configuration PID: {@code etc/keel.http.client.cfg}. */
    public static final String PID = "keel.http.client";

    /** Configuration of the outbound HTTP client. */
    @ObjectClassDefinition(name = "Keel outbound HTTP client", description = "Timeouts and User-Agent of the "
            + "KeelHttpClient service that plugins call other HTTP services with.")
    public @interface Config {
        @AttributeDefinition(name = "Connect timeout (ms)", min = "1",
                description = "How long opening a connection may take.")
        long connect_timeout_ms() default 5_000;

        @AttributeDefinition(name = "Read timeout (ms)", min = "1",
                description = "How long a request may wait for its response (the request timeout), unless it sets its own.")
        long read_timeout_ms() default 30_000;

        @AttributeDefinition(name = "User agent",
                description = "User-Agent of outbound requests; empty means Keel/<kernel version>. "
                        + "The calling plugin is appended, e.g. (plugin order/1.0.0).")
        String user_agent() default "";
    }

    /** What a call needs, replaced as a whole on reconfiguration. */
    record Settings(HttpClient client, Duration readTimeout, String userAgent) {
    }

    private final Logger log;
    private final String defaultAgent;
    private volatile Settings settings;

    @Activate
    public OutboundHttp(Config config, BundleContext context,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.log = log;
        Version v = context.getBundle().getVersion();
        this.defaultAgent = "Keel/" + v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
        modified(config);
    }

    @Modified
    void modified(Config config) {
        // the timeouts' ranges are the Metatype definition's (the validator's)
        long connect = config.connect_timeout_ms();
        long read = config.read_timeout_ms();
        String agent = userAgent(config.user_agent());
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(connect))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        settings = new Settings(client, Duration.ofMillis(read), agent);
    }

    private String userAgent(String configured) {
        if (configured == null || configured.isBlank()) {
            return defaultAgent;
        }
        String agent = configured.trim();
        // kept here: Metatype can bound a text's length and list its options, but not the characters it may hold
        if (agent.chars().anyMatch(ch -> ch < 0x20 || ch > 0x7e)) {
            String kept = settings == null ? defaultAgent : settings.userAgent();
            log.error("{}: user.agent rejected: only printable ASCII is allowed in a header; using {}", PID, kept);
            return kept;
        }
        return agent;
    }

    Settings settings() {
        return settings;
    }
}
