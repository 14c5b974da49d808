package dev.keel.kernel.http;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * In front of every Keel servlet: the client's address and scheme as trusted
 * reverse proxies tell them ({@link ForwardedRequest}; forwarding headers from
 * anyone else are ignored and hidden), {@code Strict-Transport-Security} on
 * every answer over HTTPS, and, if configured, plain HTTP redirected to HTTPS.
 * The HTTPS listener itself is Felix HTTP Jetty's (PID
 * {@code org.apache.felix.http}); see docs/security.md.
 */
@Component(service = Filter.class, configurationPid = TransportFilter.PID,
        property = "service.ranking:Integer=" + Integer.MAX_VALUE)
@HttpWhiteboardFilterPattern("/*")
@Designate(ocd = TransportFilter.Config.class)
public final class TransportFilter implements Filter {

    /** Configuration PID: {@code etc/keel.http.transport.cfg}. */
    public static final String PID = "keel.http.transport";
    private static final String HSTS = "Strict-Transport-Security";

    /** HSTS, the HTTP to HTTPS redirect and the trusted reverse proxies. */
    @ObjectClassDefinition(name = "Keel HTTPS and reverse proxies",
            description = "HSTS and the redirect to HTTPS (the HTTPS listener: PID org.apache.felix.http), "
                    + "and which reverse proxies' forwarded headers are believed")
    public @interface Config {
        @AttributeDefinition(name = "HSTS max-age (s)", min = "0", description = "Strict-Transport-Security max-age "
                + "sent with every answer over HTTPS; 0: no header")
        long hsts_max_age_s() default 31_536_000;

        @AttributeDefinition(name = "HSTS includeSubDomains", description = "Add includeSubDomains to the header")
        boolean hsts_include_subdomains() default false;

        @AttributeDefinition(name = "Redirect HTTP to HTTPS", description = "Answer a plain HTTP request with a "
                + "redirect to the same URL over HTTPS (301 for GET and HEAD, 308 otherwise), once HTTPS listens or a "
                + "trusted proxy says the client used HTTP; the redirect.exempt paths are served over HTTP still")
        boolean redirect_https() default false;

        @AttributeDefinition(name = "Paths served over HTTP", description = "Exact paths the redirect leaves alone: "
                + "probes, and bin/keel, which asks /health on 127.0.0.1 over HTTP")
        String[] redirect_exempt() default {"/health", "/health/live", "/health/ready"};

        @AttributeDefinition(name = "HTTPS port of redirects", min = "0", max = "65535", description = "Port in the "
                + "redirect's URL; 0: the port of Keel's own HTTPS listener, or 443 behind a trusted proxy")
        int https_port() default 0;

        @AttributeDefinition(name = "Trusted proxies", description = "IP addresses and CIDR ranges (e.g. "
                + "127.0.0.1, 10.0.0.0/8, fd00::/8) of reverse proxies whose Forwarded / X-Forwarded-For / "
                + "X-Forwarded-Proto headers give the client's address and scheme; from any other peer they are "
                + "ignored. Empty: none")
        String[] trusted_proxies() default {};
    }

    private record Settings(String hsts, boolean redirect, Set<String> exempt, int httpsPort, AddressRanges trusted) {
    }

    private volatile Settings settings;
    private volatile int localHttpsPort;

    @Activate
    public TransportFilter(Config config) {
        modified(config);
    }

    @Modified
    void modified(Config config) {
        String hsts = config.hsts_max_age_s() <= 0 ? null : "max-age=" + config.hsts_max_age_s()
                + (config.hsts_include_subdomains() ? "; includeSubDomains" : "");
        settings = new Settings(hsts, config.redirect_https(), Set.copyOf(entries(config.redirect_exempt())),
                config.https_port(), AddressRanges.of(entries(config.trusted_proxies()).toArray(String[]::new)));
    }

    /** A list as a .cfg file gives it (one string, comma-separated) or as ConfigAdmin does (an array). */
    static List<String> entries(String[] values) {
        List<String> out = new java.util.ArrayList<>();
        for (String v : values == null ? new String[0] : values) {
            for (String e : v.split(",")) {
                if (!e.isBlank()) {
                    out.add(e.strip());
                }
            }
        }
        return out;
    }

    /** The HTTP server's endpoints tell whether (and on which port) HTTPS listens. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindRuntime", updated = "updatedRuntime")
    void bindRuntime(HttpServiceRuntime runtime, Map<String, Object> props) {
        localHttpsPort = httpsPort(props.get(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT));
    }

    void updatedRuntime(HttpServiceRuntime runtime, Map<String, Object> props) {
        bindRuntime(runtime, props);
    }

    void unbindRuntime(HttpServiceRuntime runtime, Map<String, Object> props) {
        localHttpsPort = 0;
    }

    /** The port of the first {@code https://} endpoint, or 0. */
    static int httpsPort(Object endpoints) {
        List<?> all = endpoints instanceof String[] a ? List.of(a) : endpoints instanceof java.util.Collection<?> c
                ? List.copyOf(c) : endpoints == null ? List.of() : List.of(endpoints);
        for (Object e : all) {
            java.net.URI uri = java.net.URI.create(String.valueOf(e));
            if ("https".equals(uri.getScheme())) {
                return uri.getPort() < 0 ? 443 : uri.getPort();
            }
        }
        return 0;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse res)) {
            chain.doFilter(request, response);
            return;
        }
        Settings s = settings;
        boolean fromProxy = !s.trusted().isEmpty() && s.trusted().contains(req.getRemoteAddr());
        HttpServletRequest seen = req;
        ForwardedHeaders.Client client = null;
        if (fromProxy || hasForwardingHeader(req)) {
            client = fromProxy ? ForwardedHeaders.client(req.getRemoteAddr(), s.trusted(),
                    list(req, "Forwarded"), list(req, "X-Forwarded-For"), list(req, "X-Forwarded-Proto"))
                    : new ForwardedHeaders.Client(req.getRemoteAddr(), null);
            seen = new ForwardedRequest(req, client, fromProxy);
        }
        boolean secure = seen.isSecure();
        HttpServletResponse answer = res;
        if (secure && s.hsts() != null) {
            res.setHeader(HSTS, s.hsts());
            answer = new HstsResponse(res, s.hsts());
        }
        if (!secure && s.redirect() && !s.exempt().contains(req.getRequestURI())) {
            // behind a proxy that said the scheme, the client reaches HTTPS on the proxy's port
            int port = s.httpsPort() > 0 ? s.httpsPort() : client != null && client.secure() != null ? 443
                    : localHttpsPort;
            if (port > 0) {
                redirect(req, res, port);
                return;
            }
        }
        chain.doFilter(seen, answer);
    }

    /** Keeps the HSTS header when a servlet resets the response to write a problem instead. */
    private static final class HstsResponse extends jakarta.servlet.http.HttpServletResponseWrapper {
        private final String hsts;

        HstsResponse(HttpServletResponse response, String hsts) {
            super(response);
            this.hsts = hsts;
        }

        @Override
        public void reset() {
            super.reset();
            setHeader(HSTS, hsts);
        }
    }

    private static void redirect(HttpServletRequest req, HttpServletResponse res, int port) {
        String host = req.getServerName();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        StringBuilder url = new StringBuilder("https://").append(host);
        if (port != 443) {
            url.append(':').append(port);
        }
        url.append(req.getRequestURI());
        if (req.getQueryString() != null) {
            url.append('?').append(req.getQueryString());
        }
        String method = req.getMethod();
        res.setStatus(method.equals("GET") || method.equals("HEAD") ? 301 : 308);
        res.setHeader("Location", url.toString());
        res.setContentLength(0);
    }

    private static boolean hasForwardingHeader(HttpServletRequest req) {
        for (String h : ForwardedRequest.HEADERS) {
            if (req.getHeader(h) != null) {
                return true;
            }
        }
        return false;
    }

    private static List<String> list(HttpServletRequest req, String name) {
        return Collections.list(req.getHeaders(name));
    }
}
