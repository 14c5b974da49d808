package dev.keel.bench.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.osgi.service.component.annotations.Component;

import dev.keel.api.http.KeelRoute;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A trivial route: {@code GET /api/bench/ping} answers {@code pong} to a caller with a token;
 * {@code GET /api/bench/ping/open} is public, the same servlet without authentication.
 */
@Component(service = Servlet.class, property = KeelRoute.PUBLIC + "=GET /ping/open")
@KeelRoute("/ping")
public class PingServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final byte[] PONG = "pong\n".getBytes(StandardCharsets.US_ASCII);

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        resp.setContentLength(PONG.length);
        resp.getOutputStream().write(PONG);
    }
}
