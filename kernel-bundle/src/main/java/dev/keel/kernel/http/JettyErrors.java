package dev.keel.kernel.http;

import java.nio.ByteBuffer;

import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Component;

/**
 * Makes Jetty's own error answers problems too: requests Jetty rejects before
 * any servlet runs (a malformed request line or URI, an ambiguous path, headers
 * too large) get {@code application/problem+json} instead of Jetty's HTML page.
 * Felix's Jetty offers no other way to the {@link Server}: it hands it to every
 * {@link ConnectorFactory} service, so this one installs the error handler and
 * returns a connector that never listens, which Felix adds and "starts".
 * <p>
 * It must be a {@link ServerConnector}: when Jetty restarts on a change of PID
 * {@code org.apache.felix.http} (HTTPS switched on, say), Felix 1.1.8 lists the
 * endpoints of every connector and fails on any other kind ("Connection
 * instance not of type ServerConnector"), leaving Jetty without servlets.
 */
@Component(service = ConnectorFactory.class)
public final class JettyErrors implements ConnectorFactory {

    @Override
    public Connector createConnector(Server server) {
        server.setErrorHandler(new ProblemErrorHandler());
        return new NoPortConnector(server);
    }

    /** A connector with no port, no threads and no selector: nothing of it ever starts. */
    static final class NoPortConnector extends ServerConnector {

        NoPortConnector(Server server) {
            super(server, 1, 1);
            setName("keel-error-handler");
        }

        @Override
        public void open() {
            // never listens
        }

        @Override
        public boolean isOpen() {
            return false;
        }

        @Override
        protected void doStart() {
            // no acceptor, no selector
        }

        @Override
        protected void doStop() {
            // nothing started
        }
    }

    /** Jetty's server-wide error handler, answering problems. */
    static final class ProblemErrorHandler extends ErrorHandler {

        @Override
        protected void generateResponse(Request request, Response response, int code, String message,
                Throwable cause, Callback callback) {
            String requestId = RequestIds.accept(request.getHeaders().get(RequestIds.HEADER));
            int status = code >= 400 && code <= 599 ? code : 500;
            String detail = status >= 500 ? "The request failed; the server log has the details under request id "
                    + requestId : message;
            byte[] body = Problems.render(Problem.of(status, detail, path(request), requestId));
            response.getHeaders().put("Content-Type", Problem.MEDIA_TYPE);
            response.getHeaders().put(RequestIds.HEADER, requestId);
            response.write(true, ByteBuffer.wrap(body), callback);
        }

        private static String path(Request request) {
            try {
                String path = request.getHttpURI().getPath();
                // Jetty's stand-in URI for a request it could not parse
                return "/badMessage".equals(path) ? null : path;
            } catch (RuntimeException e) {
                return null;
            }
        }
    }
}
