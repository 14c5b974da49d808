package dev.keel.kernel.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import org.osgi.service.log.Logger;

import dev.keel.api.ServiceUnavailableException;
import dev.keel.api.http.ProblemException;
import dev.keel.kernel.util.StorageFull;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers a request that failed as {@code application/problem+json}: the
 * plugin's own problem, governance's 503 (with {@code Retry-After}), 413 for
 * a body too large, else a 500 whose details go to the log under the
 * request id; drops what is left of an unread body so the connection lives.
 */
final class Failures {

    /** The most of a rejected body read and dropped before answering. */
    private static final long DRAIN_BYTES = 16L * 1024 * 1024;
    /** The longest a rejected body is read from the client. */
    private static final long DRAIN_NANOS = 5_000_000_000L;

    private final Logger log;

    Failures(Logger log) {
        this.log = log;
    }

    long answer(Throwable e, HttpServletRequest req, HttpServletResponse resp, ApiRequest request,
            Candidate target, String requestId, ApiSettings c) throws IOException {
        if (e instanceof dev.keel.kernel.governance.ClientFault) {
            log.debug("request {} {} {}: {}", requestId, req.getMethod(), req.getRequestURI(), e.getMessage());
            return 0; // no one is there to read an answer
        }
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
            } else if (StorageFull.in(e)) {
                // the database's disk is full: a write refused, not a defect; it passes once there is space
                log.warn("request {} {} {}: storage full: {}", requestId, req.getMethod(), req.getRequestURI(),
                        e.toString());
                problem = Problem.of(507, "Storage is full: the database cannot write (no space left on its "
                        + "disk); reads still work; try again later", req.getRequestURI(), requestId);
                retryAfter = Math.max(retryAfter, 30);
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
        return answer(resp, problem, retryAfter, problemIn(e) instanceof AccessDenied denied ? denied.challenge() : null);
    }

    /**
     * Reads and drops what is left of a rejected body (bounded), so a client
     * still sending it reads the 413 instead of a reset connection.
     */
    static void drain(HttpServletRequest req) {
        byte[] sink = new byte[8192];
        long left = DRAIN_BYTES;
        // a slow client is not waited for: past the deadline Jetty closes the connection instead (bodies of
        // POST, PUT and PATCH are in memory already, BodyReader; this reads from the client only for others)
        long deadline = System.nanoTime() + DRAIN_NANOS;
        try {
            InputStream in = req.getInputStream();
            for (int n; left > 0 && System.nanoTime() - deadline < 0
                    && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0;) {
                left -= n;
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away or the stream was taken as a reader: nothing more to drop
        }
    }

    private long answer(HttpServletResponse resp, Problem problem, ApiSettings c) throws IOException {
        return answer(resp, problem, c.retryAfterS());
    }

    static long answer(HttpServletResponse resp, Problem problem, long retryAfterS) throws IOException {
        return answer(resp, problem, retryAfterS, null);
    }

    /**
     * Answers a problem; a 401 with its {@code WWW-Authenticate} challenge, a 503 or 507 (storage full) with
     * {@code Retry-After}.
     */
    static long answer(HttpServletResponse resp, Problem problem, long retryAfterS, String challenge)
            throws IOException {
        Map<String, String> headers = problem.status() == 503 || problem.status() == 507
                ? Map.of("Retry-After", String.valueOf(retryAfterS))
                : challenge != null ? Map.of("WWW-Authenticate", challenge) : Map.of();
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
