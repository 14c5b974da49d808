package dev.keel.kernel.security;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Owns the JSON in and out of the {@code /auth} servlets: bounded JSON bodies, answers and problem+json. */
public final class AuthResponses {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 8 * 1024;

    private AuthResponses() {
    }

    /** The request's JSON object body, or null when it is not one (too large, not JSON, not an object). */
    static JsonNode body(HttpServletRequest req) throws IOException {
        if (req.getContentLengthLong() > MAX_BODY) {
            return null;
        }
        try (InputStream in = req.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                return null;
            }
            JsonNode node = JSON.readTree(bytes);
            return node != null && node.isObject() ? node : null;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            return null;
        }
    }

    /** Whether the request says its body is JSON. */
    static boolean json(HttpServletRequest req) {
        String type = req.getContentType();
        return type != null && type.split(";", 2)[0].strip().equalsIgnoreCase("application/json");
    }

    static void ok(HttpServletResponse resp, String contentType, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        resp.setStatus(200);
        resp.setContentType(contentType);
        resp.setCharacterEncoding("UTF-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    /** Answers an RFC 9457 problem with extra headers (e.g. {@code Retry-After}), after resetting the response. */
    static void problem(HttpServletRequest req, HttpServletResponse resp, int status, String title, String detail,
            Map<String, String> headers) throws IOException {
        resp.reset();
        headers.forEach(resp::setHeader);
        problem(req, resp, status, title, detail);
    }

    /**
     * Answers an RFC 9457 problem ({@code application/problem+json}, not cached) for the kernel's own HTTP
     * surfaces (/auth, /admin, /metrics, /health), keeping the headers already set (e.g. {@code WWW-Authenticate}).
     */
    public static void problem(HttpServletRequest req, HttpServletResponse resp, int status, String title,
            String detail) throws IOException {
        problem(req, resp, status, title, detail, null, null);
    }

    /**
     * A problem with one extension member (RFC 9457 section 3.2), e.g. {@code errors}: the message of each
     * rejected field; {@code name} null for none.
     */
    public static void problem(HttpServletRequest req, HttpServletResponse resp, int status, String title,
            String detail, String name, Object extension) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", req.getRequestURI());
        if (name != null) {
            body.put(name, extension);
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        if (req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null) {
            // a refusal may leave the request's body unread: Jetty then closes the connection once this answer
            // (complete at its Content-Length) is sent, without saying so, and a client that reuses it gets no
            // answer to its next request. Said here, the client opens a new connection instead.
            resp.setHeader("Connection", "close");
        }
        resp.setStatus(status);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentType("application/problem+json");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
