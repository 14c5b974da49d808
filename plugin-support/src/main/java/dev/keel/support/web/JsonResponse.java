package dev.keel.support.web;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;

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

    /** A 404 problem for a path below a route that names nothing. */
    public static ProblemException notFound(HttpServletRequest req) {
        return new ProblemException(404, "Not Found", "no resource at " + req.getRequestURI());
    }
}
