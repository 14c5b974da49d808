package dev.keel.kernel.http;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterDispatcher;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import dev.keel.kernel.log.AccessLog;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Reads every {@code /api} request body (POST, PUT, PATCH) in full before the entry routes the
 * request, without holding a thread while the client sends (servlet async
 * I/O): the plugin's timeout, breaker and a canary's error rate only ever
 * see a request whose body is in memory. A client that sends too slowly
 * ({@code body.min.rate}), not in time ({@code body.timeout.ms}) or goes away
 * is answered 408/400 here and its connection closed; no plugin is involved.
 * A body over {@code max.body.bytes} is read and dropped (bounded, at the
 * same minimum rate) so that the entry's 413 reaches the client.
 */
@Component(service = Filter.class, configurationPid = ApiServlet.PID)
@HttpWhiteboardFilterPattern(ApiServlet.PREFIX + "/*")
@HttpWhiteboardFilterAsyncSupported
@HttpWhiteboardFilterDispatcher(value = { DispatcherType.REQUEST, DispatcherType.ASYNC })
public final class BodyReader implements Filter {

    /** The request attribute carrying the body read, for the async dispatch to the entry. */
    static final String BODY = BodyReader.class.getName() + ".body";
    /** The most of a body read (and dropped beyond what is kept) before the entry answers anyway. */
    static final long DRAIN_BYTES = 16L * 1024 * 1024;
    private static final java.util.Set<String> BODY_METHODS = java.util.Set.of("POST", "PUT", "PATCH");
    /** How long a body may arrive at any rate before the minimum rate applies. */
    static final long RATE_GRACE_MS = 2000;

    /**
     * The keys of the entry's configuration ({@code keel.http}) the reader
     * uses; {@code ApiServlet.Config} defines and documents them (the same
     * defaults, checked by a test).
     */
    @interface Config {
        long max_body_bytes() default 1_048_576;

        long body_timeout_ms() default 20_000;

        long body_min_rate() default 512;
    }

    /** What the reader needs of the entry's configuration. */
    record Limits(long maxBodyBytes, long timeoutMs, long minRate) {
    }

    private final AccessLog access;
    private final Logger log;
    private volatile Limits limits;

    @Activate
    public BodyReader(Config config, @Reference AccessLog access,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.access = access;
        this.log = log;
        this.limits = limits(config);
    }

    @Modified
    void modified(Config config) {
        this.limits = limits(config);
    }

    static Limits limits(Config c) {
        return new Limits(c.max_body_bytes(), c.body_timeout_ms(), c.body_min_rate());
    }

    @Override
    public void doFilter(ServletRequest rq, ServletResponse rs, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) rq;
        HttpServletResponse resp = (HttpServletResponse) rs;
        if (req.getAttribute(BODY) instanceof byte[] body) {
            req.removeAttribute(BODY);
            chain.doFilter(new BufferedRequest(req, body), resp);
            return;
        }
        if (req.getDispatcherType() != DispatcherType.REQUEST || !hasBody(req) || !req.isAsyncSupported()) {
            chain.doFilter(req, resp);
            return;
        }
        Limits l = limits;
        long length = req.getContentLengthLong();
        // a declared body over the limit is dropped, not kept: the entry answers 413 by its Content-Length
        int keep = length > l.maxBodyBytes() ? 0 : (int) Math.min(Integer.MAX_VALUE - 8, l.maxBodyBytes() + 1);
        AsyncContext async = req.startAsync();
        async.setTimeout(l.timeoutMs());
        BodyListener listener = new BodyListener(this, async, req, resp, keep, length, l);
        async.addListener(listener);
        req.getInputStream().setReadListener(listener);
    }

    /**
     * Whether the request carries a body a route consumes: POST, PUT and PATCH
     * (the methods the entry checks the Content-Type of). A body on another
     * method is left to the route, which may answer without reading it; the
     * entry then drops it afterwards (bounded, {@link Failures#drain}).
     */
    static boolean hasBody(HttpServletRequest req) {
        return BODY_METHODS.contains(req.getMethod().toUpperCase(java.util.Locale.ROOT))
                && (req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null);
    }

    /** Answers a request whose body did not arrive as it should; the connection is closed after it. */
    void refuse(HttpServletRequest req, HttpServletResponse resp, long startNanos, int status, String detail) {
        String requestId = RequestIds.accept(req.getHeader(RequestIds.HEADER));
        long bytes = 0;
        try {
            if (!resp.isCommitted()) {
                bytes = Problems.write(resp, Problem.of(status, detail, req.getRequestURI(), requestId),
                        java.util.Map.of("Connection", "close"));
            }
        } catch (IOException | RuntimeException e) {
            // the client is gone: nothing to answer
        }
        log.debug("request {} {} {}: {}", requestId, req.getMethod(), req.getRequestURI(), detail);
        access.record(new AccessLog.Entry(System.currentTimeMillis(), req.getMethod(), req.getRequestURI(), status,
                (System.nanoTime() - startNanos) / 1_000_000, bytes, requestId, "-"));
    }
}
