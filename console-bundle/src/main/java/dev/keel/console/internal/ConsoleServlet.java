package dev.keel.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The web console's static files at {@code /console}: {@code index.html} and the
 * assets Vite built into this bundle's {@code console/}. It serves files only:
 * the pages call the kernel's {@code /auth/token} and {@code /admin} JSON, which
 * check the token and the role of every request. Each answer carries a
 * Content-Security-Policy that allows scripts, styles and requests of this
 * origin only (no inline script, no other site, no framing).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ "/console", "/console/*" })
public final class ConsoleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String ROOT = "console/";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
    private static final Map<String, String> TYPES = Map.of("html", "text/html;charset=utf-8", "js",
            "text/javascript;charset=utf-8", "css", "text/css;charset=utf-8", "svg", "image/svg+xml", "png",
            "image/png", "ico", "image/x-icon", "json", "application/json", "woff2", "font/woff2");

    private final transient ClassLoader files;

    @Activate
    public ConsoleServlet() {
        this(ConsoleServlet.class.getClassLoader());
    }

    ConsoleServlet(ClassLoader files) {
        this.files = files;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        if (path.isEmpty()) {
            resp.setHeader("Location", req.getContextPath() + "/console/");
            resp.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
            return;
        }
        String file = ConsolePaths.file(path);
        secure(resp);
        if (file == null) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        URL url = files.getResource(ROOT + file);
        if (url == null) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String ext = file.substring(file.lastIndexOf('.') + 1);
        resp.setContentType(TYPES.getOrDefault(ext, "application/octet-stream"));
        // Vite names assets by their content hash: they never change; index.html names the current ones
        resp.setHeader("Cache-Control", file.startsWith("assets/") ? "public, max-age=31536000, immutable"
                : "no-cache");
        try (InputStream in = url.openStream()) {
            in.transferTo(resp.getOutputStream());
        }
    }

    /** The headers every answer of the console carries. */
    static void secure(HttpServletResponse resp) {
        resp.setHeader("Content-Security-Policy", CSP);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    }
}
