package dev.keel.kernel.security;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /auth/jwks} (public): the public keys that verify Keel's tokens,
 * the current one and those retired less than a token lifetime ago, as a JWK set.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(JwksServlet.PATH)
public final class JwksServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String PATH = "/auth/jwks";

    private final transient SigningKeys keys;

    @Activate
    public JwksServlet(@Reference SigningKeys keys) {
        this.keys = keys;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // short: a rotation adds a key that verifiers should see soon
        resp.setHeader("Cache-Control", "public, max-age=60");
        AuthResponses.ok(resp, "application/jwk-set+json", keys.publicKeys().toJSONObject(true));
    }
}
