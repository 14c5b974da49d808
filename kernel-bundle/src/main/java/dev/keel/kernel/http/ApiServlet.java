package dev.keel.kernel.http;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
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
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.keel.api.http.KeelRoute;
import dev.keel.api.http.ProblemException;
import dev.keel.kernel.deploy.InFlight;
import dev.keel.kernel.deploy.LiveUpdate;
import dev.keel.kernel.security.Authenticator;
import dev.keel.kernel.security.CallerScope;
import dev.keel.api.security.Caller;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The one HTTP entry for plugins, {@code /api/*}: authenticates the caller
 * (before the route is chosen) and checks the route's policy (before any
 * plugin code, {@link ApiAccess}), finds the plugin and its
 * route, lets the {@link RouteSelector} choose the instance, runs the
 * {@link RouteInterceptor}s around the plugin servlet, answers every error as
 * a problem, keeps the request id and writes the access log.
 */
@Component(service = Servlet.class, configurationPid = ApiServlet.PID)
@HttpWhiteboardServletPattern(ApiServlet.PREFIX + "/*")
@HttpWhiteboardServletAsyncSupported // BodyReader reads bodies asynchronously, then dispatches here
@Designate(ocd = ApiServlet.Config.class)
public final class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Configuration PID: {@code etc/keel.http.cfg}. */
    public static final String PID = "keel.http";
    static final String PREFIX = "/api";
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

        @AttributeDefinition(name = "Request body timeout (ms)", min = "1",
                description = "The most time a request body may take to arrive in full; a later one is answered 408 "
                        + "and its connection closed. The body is read before the plugin is called: this time is "
                        + "not part of the plugin's timeout.")
        long body_timeout_ms() default 20_000;

        @AttributeDefinition(name = "Minimum request body rate (bytes/s)", min = "0",
                description = "A request body arriving slower than this on average (checked once it has taken "
                        + "more than 2 s) is answered 408 and its connection closed; 0: no minimum.")
        long body_min_rate() default 512;
    }

    private final transient RouteTable routes;
    private final transient RequestScope scope;
    private final transient LiveUpdate live;
    private final transient Failures failures;
    private final transient Logger log;
    private final transient AccessLog access;
    private final transient Authenticator authenticator;
    private final transient CallerScope callers;
    private transient volatile ApiSettings settings;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile RouteSelector selector;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile List<RouteInterceptor> interceptors = List.of();
    /** The interceptors as last copied, and what they were copied from: copied once per change, not per request. */
    private transient volatile Copied copied = new Copied(List.of(), List.of());

    private record Copied(List<RouteInterceptor> from, List<RouteInterceptor> copy) {
    }

    @Activate
    public ApiServlet(Config config, @Reference RouteTable routes, @Reference RequestScope scope,
            @Reference LiveUpdate live, @Reference LoggerFactory loggers, @Reference AccessLog access,
            @Reference Authenticator authenticator, @Reference CallerScope callers) {
        this.authenticator = authenticator;
        this.callers = callers;
        this.live = live;
        this.routes = routes;
        this.scope = scope;
        this.log = loggers.getLogger(ApiServlet.class);
        this.failures = new Failures(log);
        this.access = access;
        this.settings = settings(config);
    }

    /** Applies a new configuration live (the validator has rejected a bad value before it gets here). */
    @Modified
    void modified(Config config) {
        this.settings = settings(config);
    }

    static ApiSettings settings(Config config) {
        return new ApiSettings(config.max_body_bytes(), config.retry_after_s(), config.access_log());
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long start = System.nanoTime();
        ApiSettings c = settings;
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
            // who calls, before the route is chosen (the selector may use the caller) and before any plugin code
            Caller caller = ApiAccess.authenticate(authenticator, req);
            ApiAccess.beforeChoice(caller, routes, split[0], req.getMethod(), split[1]);
            RouteSelector s = selector;
            RouteChoice choice = new RouteChoice(routes, s == null ? DEFAULT_SELECTOR : s, live, split[0], split[1],
                    req);
            try {
                target = live.admission().enter(choice); // held while the plugin is coming back, else 404/503
            } catch (RuntimeException e) {
                throw ApiAccess.unavailable(caller, e);
            }
            gate = choice.gate(target);
            ApiAccess.check(caller, target.route(), req.getMethod(), split[1]);
            checkBody(target, req, c);
            request = new ApiRequest(req, PREFIX + "/" + split[0] + (target.route().path.equals("/") ? "" : target.route().path),
                    RoutePath.pathInfo(target.route().path, split[1]), requestId, c.maxBodyBytes());
            target.route().ensureInitialized(getServletContext());
            scope.enter(requestId);
            try (CallerScope.Entered who = callers.enter(caller)) {
                invoke(target, request, response);
            } finally {
                scope.exit();
            }
            if (request.bodyTooLarge()) {
                throw new LimitedInputStream.TooLargeException(c.maxBodyBytes());
            }
            if (response.errorStatus() > 0 && !resp.isCommitted()) {
                int status = response.errorStatus() >= 400 && response.errorStatus() <= 599 ? response.errorStatus() : 500;
                problemBytes = Failures.answer(resp, Problem.of(status, response.errorMessage(), req.getRequestURI(), requestId),
                        c.retryAfterS());
            } else {
                response.finish();
            }
            if (req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null) {
                // a body the route left unread (e.g. a GET answered without reading it) and that had not all
                // arrived yet: Jetty would close the connection after this answer without Connection: close,
                // and the client's next request on it would get no answer at all
                Failures.drain(req);
            }
        } catch (Exception | LinkageError | StackOverflowError e) {
            problemBytes = failures.answer(e, req, resp, request, target, requestId, c);
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

    /** Throws the 413/415 problem for a body the route must not see. */
    private static void checkBody(Candidate target, HttpServletRequest req, ApiSettings c) {
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
        List<RouteInterceptor> now = interceptors;
        Copied c = copied;
        if (c.from != now) {
            c = new Copied(now, List.copyOf(now));
            copied = c;
        }
        RouteInterceptor.chain(c.copy, target, (rq, rs) -> target.route().servlet.service(rq, rs))
                .proceed(req, resp);
    }
}
