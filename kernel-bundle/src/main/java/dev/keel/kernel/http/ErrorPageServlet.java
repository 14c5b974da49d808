package dev.keel.kernel.http;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletErrorPage;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Problems instead of the container's HTML pages outside {@code /api}: the
 * whiteboard's error page for every 4xx, 5xx and uncaught exception of other
 * whiteboard servlets, and the default servlet ({@code /}), so a path nothing
 * serves is a 404 problem. Never a stack trace.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/")
@HttpWhiteboardServletErrorPage(errorPage = {"4xx", "5xx", "java.lang.Throwable"})
public final class ErrorPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Logger log;

    @Activate
    public ErrorPageServlet(@Reference(service = LoggerFactory.class) Logger log) {
        this.log = log;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String requestId = RequestIds.accept(req.getHeader(RequestIds.HEADER));
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Object message = req.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        Throwable error = (Throwable) req.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String instance = uri == null ? req.getRequestURI() : uri.toString();
        // no error attributes: called as the default servlet, for a path nothing else serves
        int status = code == null && error == null ? 404 : code instanceof Integer i && i >= 400 && i <= 599 ? i : 500;
        if (error != null) {
            status = 500;
            log.error("request {} {} {} failed: {}", requestId, req.getMethod(), instance, error.toString(), error);
        }
        String detail;
        if (status == 404) {
            detail = "No resource at " + instance;
        } else if (status >= 500) {
            detail = "The request failed; the server log has the details under request id " + requestId;
        } else {
            detail = message == null ? null : message.toString();
        }
        if (req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null) {
            // a body not read (e.g. a POST to /health, answered 405) and not all arrived yet: Jetty would close
            // the connection after the answer without Connection: close, under the client's next request
            Failures.drain(req);
        }
        if (resp.isCommitted()) {
            return;
        }
        Problems.write(resp, Problem.of(status, detail, instance, requestId));
    }
}
