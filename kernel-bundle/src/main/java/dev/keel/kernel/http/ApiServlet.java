package dev.keel.kernel.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import dev.keel.kernel.log.AccessLog;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginState;
import dev.keel.api.PluginStatus;
import dev.keel.api.ServiceUnavailableException;
import dev.keel.api.http.KeelRoute;
import dev.keel.api.http.ProblemException;
import dev.keel.kernel.governance.Holds;
import dev.keel.kernel.plugin.InFlight;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The one HTTP entry for plugins, {@code /api/*}: finds the plugin and its
 * route, lets the {@link RouteSelector} choose the instance, runs the
 * {@link RouteInterceptor}s around the plugin servlet, answers every error as
 * a problem, keeps the request id and writes the access log.
 */
@Component(service = Servlet.class, configurationPid = ApiServlet.PID)
@HttpWhiteboardServletPattern(ApiServlet.PREFIX + "/*")
@Designate(ocd = ApiServlet.Config.class)
public final class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Configuration PID: {@code etc/keel.http.cfg}. */
    public static final String PID = "keel.http";
    static final String PREFIX = "/api";
    /** The most of a rejected body read and dropped before answering 413. */
    private static final long DRAIN_BYTES = 16L * 1024 * 1024;
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");
    private static final RouteSelector DEFAULT_SELECTOR = new HighestActiveVersion();

    /** Configuration of the HTTP entry. */
    @ObjectClassDefinition(name = "Keel HTTP entry")
    public @interface Config {
        @AttributeDefinition(name = "Largest request body (bytes)", min = "0",
                description = "A larger body (by Content-Length, or while it is read) is answered with 413.")
        long max_body_bytes() default 1_048_576;

        @AttributeDefinition(name = "Retry-After (s)", min = "0",
                description = "Retry-After of the 503 answered while a plugin is not ACTIVE.")
        int retry_after_s() default 5;

        @AttributeDefinition(name = "Access log", description = "One line per /api request in access.log beside keel.log (data/log/access.log).")
        boolean access_log() default true;
    }

    private final transient PluginRuntime runtime;
    private final transient RouteTable routes;
    private final transient RequestScope scope;
    private final transient Holds holds;
    private final transient Logger log;
    private final transient AccessLog access;
    private transient volatile Settings settings;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile RouteSelector selector;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile List<RouteInterceptor> interceptors = List.of();

    @Activate
    public ApiServlet(Config config, @Reference PluginRuntime runtime, @Reference RouteTable routes,
            @Reference RequestScope scope, @Reference Holds holds, @Reference LoggerFactory loggers,
            @Reference AccessLog access) {
        this.runtime = runtime;
        this.holds = holds;
        this.routes = routes;
        this.scope = scope;
        this.log = loggers.getLogger(ApiServlet.class);
        this.access = access;
        this.settings = Settings.of(config, Settings.DEFAULT, log);
    }

    /** Applies a new configuration live; a bad value is rejected and the last good one kept. */
    @Modified
    void modified(Config config) {
        this.settings = Settings.of(config, settings, log);
    }

    /** The configuration as used per request, validated. */
    record Settings(long maxBodyBytes, int retryAfterS, boolean accessLog) {

        static final Settings DEFAULT = new Settings(1_048_576, 5, true);

        static Settings of(Config config, Settings previous, Logger log) {
            long max = config.max_body_bytes();
            if (max < 0) {
                log.error("{}: max.body.bytes = {} rejected: must be 0 or more; keeping {}", PID, max,
                        previous.maxBodyBytes());
                max = previous.maxBodyBytes();
            }
            int retry = config.retry_after_s();
            if (retry < 0) {
                log.error("{}: retry.after.s = {} rejected: must be 0 or more; keeping {}", PID, retry,
                        previous.retryAfterS());
                retry = previous.retryAfterS();
            }
            return new Settings(max, retry, config.access_log());
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long start = System.nanoTime();
        Settings c = settings;
        String requestId = RequestIds.accept(req.getHeader(RequestIds.HEADER));
        req.setAttribute(KeelRoute.REQUEST_ID_ATTRIBUTE, requestId);
        resp.setHeader(RequestIds.HEADER, requestId);
        ApiResponse response = new ApiResponse(resp);
        ApiRequest request = null;
        Candidate target = null;
        InFlight gate = null;
        long problemBytes = 0;
        try {
            if ("TRACE".equals(req.getMethod())) {
                // HttpServlet would echo the request headers (cookies, tokens) back
                throw new ProblemException(405, null, "TRACE is not allowed");
            }
            String[] split = RoutePath.split(req.getPathInfo());
            if (split == null) {
                throw new ProblemException(404, null, "No plugin named in the path: use /api/<plugin>/...");
            }
            Holds.Hold hold = holds.hold();
            for (;;) {
                target = choose(split[0], split[1], req, hold);
                gate = holds.gate(target.plugin().bundleId());
                if (gate.enter()) {
                    break;
                }
                // the chosen instance is being drained before it stops: hold until its successor is ACTIVE
                gate = null;
                if (!hold.next(() -> holds.comingBack(split[0]))) {
                    throw notBack(split[0], target.plugin().state().toString());
                }
            }
            checkBody(target, req, c);
            request = new ApiRequest(req, PREFIX + "/" + split[0] + (target.route().path.equals("/") ? "" : target.route().path),
                    RoutePath.pathInfo(target.route().path, split[1]), requestId, c.maxBodyBytes());
            target.route().ensureInitialized(getServletContext());
            scope.enter(requestId);
            try {
                invoke(target, request, response);
            } finally {
                scope.exit();
            }
            if (request.bodyTooLarge()) {
                throw new LimitedInputStream.TooLargeException(c.maxBodyBytes());
            }
            if (response.errorStatus() > 0 && !resp.isCommitted()) {
                int status = response.errorStatus() >= 400 && response.errorStatus() <= 599 ? response.errorStatus() : 500;
                problemBytes = answer(resp, Problem.of(status, response.errorMessage(), req.getRequestURI(), requestId), c);
            } else {
                response.finish();
            }
            if (req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null) {
                // a body the route left unread (e.g. a GET answered without reading it) and that had not all
                // arrived yet: Jetty would close the connection after this answer without Connection: close,
                // and the client's next request on it would get no answer at all
                drain(req);
            }
        } catch (Exception | LinkageError | StackOverflowError e) {
            problemBytes = fail(e, req, resp, request, target, requestId, c);
        } finally {
            if (gate != null) {
                gate.exit();
            }
            if (c.accessLog()) {
                access.record(new AccessLog.Entry(System.currentTimeMillis(), req.getMethod(), req.getRequestURI(),
                        resp.getStatus(), (System.nanoTime() - start) / 1_000_000, response.bytes() + problemBytes,
                        requestId, target == null ? "-" : target.plugin().name() + "/" + target.plugin().version()));
            }
        }
    }

    /**
     * Finds the plugin instance that serves the path; while the plugin is
     * coming back (updated, refreshed, starting, waiting for a required
     * plugin) holds the request, at most {@code hold.timeout.ms}; else throws
     * the 404/503 problem.
     */
    private Candidate choose(String plugin, String path, HttpServletRequest req, Holds.Hold hold) {
        for (;;) {
            List<PluginStatus> plugins = runtime.plugins();
            List<Candidate> candidates = routes.candidates(plugin, path, plugins);
            if (!candidates.isEmpty()) {
                RouteSelector s = selector;
                Optional<Candidate> chosen = (s == null ? DEFAULT_SELECTOR : s).choose(plugin,
                        List.copyOf(candidates), req);
                if (chosen.isPresent()) {
                    return chosen.get();
                }
            }
            // an ACTIVE plugin without a route for the path: a 404 now, not a plugin to wait for
            boolean noRouteOfActive = candidates.isEmpty() && plugins.stream()
                    .anyMatch(p -> p.name().equals(plugin) && p.state() == PluginState.ACTIVE);
            if (!noRouteOfActive && hold.next(() -> holds.comingBack(plugin))) {
                continue;
            }
            if (hold.expired()) {
                throw notBack(plugin, candidates.isEmpty() ? "not there" : candidates.get(0).plugin().state().toString());
            }
            if (candidates.isEmpty()) {
                boolean known = plugins.stream().anyMatch(p -> p.name().equals(plugin));
                throw new ProblemException(404, null, known ? "Plugin " + plugin + " has no route for " + path
                        : "No plugin named " + plugin);
            }
            throw new ProblemException(503, null, "Plugin " + plugin + " is " + candidates.get(0).plugin().state()
                    + "; try again later");
        }
    }

    private ProblemException notBack(String plugin, String state) {
        return new ProblemException(503, null, "Plugin " + plugin + " is " + state + " and did not come back within "
                + holds.holdTimeoutMs() + " ms; try again later");
    }

    /** Throws the 413/415 problem for a body the route must not see. */
    private static void checkBody(Candidate target, HttpServletRequest req, Settings c) {
        long length = req.getContentLengthLong();
        if (length > c.maxBodyBytes()) {
            throw new ProblemException(413, null, "The request body is larger than " + c.maxBodyBytes() + " bytes");
        }
        boolean hasBody = length > 0 || req.getHeader("Transfer-Encoding") != null;
        if (hasBody && BODY_METHODS.contains(req.getMethod().toUpperCase(Locale.ROOT))
                && !target.route().accepts(req.getContentType())) {
            throw new ProblemException(415, null, "Content-Type " + req.getContentType() + " is not accepted here; use "
                    + String.join(" or ", target.route().consumes));
        }
    }

    /** Runs the interceptors, highest ranking outermost, then the plugin servlet. */
    private void invoke(Candidate target, HttpServletRequest req, HttpServletResponse resp)
            throws IOException, ServletException {
        RouteInterceptor.chain(List.copyOf(interceptors), target, (rq, rs) -> target.route().servlet.service(rq, rs))
                .proceed(req, resp);
    }

    private long fail(Throwable e, HttpServletRequest req, HttpServletResponse resp, ApiRequest request,
            Candidate target, String requestId, Settings c) throws IOException {
        Problem problem;
        long retryAfter = c.retryAfterS();
        if ((request != null && request.bodyTooLarge()) || e instanceof LimitedInputStream.TooLargeException) {
            problem = Problem.of(413, "The request body is larger than " + c.maxBodyBytes() + " bytes",
                    req.getRequestURI(), requestId);
        } else {
            ProblemException pe = problemIn(e);
            ServiceUnavailableException unavailable = pe == null ? unavailableIn(e) : null;
            if (pe != null) {
                problem = Problem.of(pe, req.getRequestURI(), requestId);
            } else if (unavailable != null) {
                // governance: an open breaker, a timeout, no ACTIVE provider or an injected fault
                problem = Problem.of(503, unavailable.getMessage(), req.getRequestURI(), requestId);
                retryAfter = Math.max(1, (unavailable.retryAfter().toMillis() + 999) / 1000);
            } else {
                log.error("request {} {} {} failed in {}: {}", requestId, req.getMethod(), req.getRequestURI(),
                        target == null ? "the kernel" : target.route(), e.toString(), e);
                problem = Problem.of(500, "The request failed; the server log has the details under request id "
                        + requestId, req.getRequestURI(), requestId);
            }
        }
        if (problem.status() == 413 || req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null) {
            // a body left unread (e.g. a request governance refused before the servlet ran) would break the
            // connection for the client's next request
            drain(req);
        }
        if (resp.isCommitted()) {
            log.warn("request {} {} {}: {} after the response was committed; connection answer left as is",
                    requestId, req.getMethod(), req.getRequestURI(), e.toString());
            return 0;
        }
        return answer(resp, problem, retryAfter);
    }

    /**
     * Reads and drops what is left of a rejected body (bounded), so a client
     * still sending it reads the 413 instead of a reset connection.
     */
    static void drain(HttpServletRequest req) {
        byte[] sink = new byte[8192];
        long left = DRAIN_BYTES;
        try {
            InputStream in = req.getInputStream();
            for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0;) {
                left -= n;
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away or the stream was taken as a reader: nothing more to drop
        }
    }

    private long answer(HttpServletResponse resp, Problem problem, Settings c) throws IOException {
        return answer(resp, problem, c.retryAfterS());
    }

    private static long answer(HttpServletResponse resp, Problem problem, long retryAfterS) throws IOException {
        Map<String, String> headers = problem.status() == 503 ? Map.of("Retry-After", String.valueOf(retryAfterS))
                : Map.of();
        return Problems.write(resp, problem, headers);
    }

    /** A ServiceUnavailableException of the kernel's governance, thrown directly or wrapped. */
    static ServiceUnavailableException unavailableIn(Throwable e) {
        for (int depth = 0; e != null && depth < 10; depth++, e = e.getCause()) {
            if (e instanceof ServiceUnavailableException sue) {
                return sue;
            }
        }
        return null;
    }

    /** A ProblemException thrown directly or wrapped (e.g. in a ServletException). */
    static ProblemException problemIn(Throwable e) {
        for (int depth = 0; e != null && depth < 10; depth++, e = e.getCause()) {
            if (e instanceof ProblemException pe) {
                return pe;
            }
        }
        return null;
    }
}
