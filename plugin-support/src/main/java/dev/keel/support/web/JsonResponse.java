package dev.keel.support.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.http.KeelRoute;
import dev.keel.api.http.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Writes JSON answers of plugin servlets. */
public final class JsonResponse {

    private JsonResponse() {
    }

    /** Writes {@code body} as UTF-8 {@code application/json}. */
    public static void write(HttpServletResponse resp, ObjectMapper json, Object body) throws IOException {
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        json.writeValue(resp.getOutputStream(), body);
    }

    /**
     * Answers 201 with {@code Location} naming the new resource {@code id}
     * below the request's path, and {@code body} as JSON.
     */
    public static void created(HttpServletRequest req, HttpServletResponse resp, ObjectMapper json, String id,
            Object body) throws IOException {
        resp.setStatus(201);
        resp.setHeader("Location", req.getRequestURI().replaceAll("/+$", "") + "/" + id);
        write(resp, json, body);
    }

    /** A 404 problem for a path below a route that names nothing. */
    public static ProblemException notFound(HttpServletRequest req) {
        return new ProblemException(404, "Not Found", "no resource at " + req.getRequestURI());
    }

    /**
     * Answers a problem with extra headers (e.g. {@code Retry-After} of a 429),
     * which a thrown {@link ProblemException} cannot carry: the same members as
     * the kernel's problems ({@code type}, {@code title}, {@code status},
     * {@code detail}, {@code instance}, {@code requestId}).
     */
    public static void problem(HttpServletRequest req, HttpServletResponse resp, ObjectMapper json, int status,
            String title, String detail, Map<String, String> headers) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ProblemException.ABOUT_BLANK);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", req.getRequestURI());
        if (req.getAttribute(KeelRoute.REQUEST_ID_ATTRIBUTE) instanceof String id) {
            body.put("requestId", id);
        }
        resp.setStatus(status);
        headers.forEach(resp::setHeader);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentType("application/problem+json");
        resp.setCharacterEncoding("UTF-8");
        json.writeValue(resp.getOutputStream(), body);
    }
}
