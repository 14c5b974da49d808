package dev.keel.bench.gateway;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;

/** The same servlet registered directly on the HTTP whiteboard at {@code /bench-direct/ping}: the baseline. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/bench-direct/ping")
public final class DirectPingServlet extends PingServlet {

    private static final long serialVersionUID = 1L;
}
