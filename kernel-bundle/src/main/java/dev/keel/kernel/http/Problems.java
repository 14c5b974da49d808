package dev.keel.kernel.http;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletResponse;

/** Owns writing problems onto responses as {@code application/problem+json}. */
final class Problems {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    static byte[] render(Problem problem) {
        try {
            return JSON.writeValueAsBytes(problem.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot render a problem as JSON", e);
        }
    }

    /**
     * Replaces whatever the response holds with the problem (the caller checks
     * it is not committed); keeps the request id header.
     *
     * @return the number of body bytes written
     */
    static int write(HttpServletResponse resp, Problem problem) throws IOException {
        return write(resp, problem, Map.of());
    }

    /** Like {@link #write(HttpServletResponse, Problem)}, with extra headers such as {@code Retry-After}. */
    static int write(HttpServletResponse resp, Problem problem, Map<String, String> headers) throws IOException {
        byte[] body = render(problem);
        resp.reset();
        headers.forEach(resp::setHeader);
        resp.setStatus(problem.status());
        if (problem.requestId() != null) {
            resp.setHeader(RequestIds.HEADER, problem.requestId());
        }
        resp.setContentType(Problem.MEDIA_TYPE);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
        return body.length;
    }
}
