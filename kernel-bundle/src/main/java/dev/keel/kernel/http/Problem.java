package dev.keel.kernel.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.keel.api.http.FieldError;
import dev.keel.api.http.ProblemException;

/**
 * One RFC 9457 problem as the kernel answers it; {@link #body()} is the JSON
 * object, {@code errors} only when there are field errors.
 */
record Problem(String type, String title, int status, String detail, String instance, String requestId,
        List<FieldError> errors) {

    static final String MEDIA_TYPE = "application/problem+json";

    Problem {
        type = type == null || type.isBlank() ? ProblemException.ABOUT_BLANK : type;
        title = title == null || title.isBlank() ? reason(status) : title;
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** A problem of type {@code about:blank} with the status' reason phrase as title. */
    static Problem of(int status, String detail, String instance, String requestId) {
        return new Problem(null, null, status, detail, instance, requestId, List.of());
    }

    static Problem of(ProblemException e, String instance, String requestId) {
        return new Problem(e.type(), e.title(), e.status(), e.detail(), instance, requestId, e.errors());
    }

    /** The JSON members, in the order RFC 9457 lists them. */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        if (detail != null && !detail.isBlank()) {
            body.put("detail", detail);
        }
        if (instance != null) {
            body.put("instance", instance);
        }
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        if (!errors.isEmpty()) {
            body.put("errors", errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList());
        }
        return body;
    }

    /** The reason phrase of a status, as title of problems without one. */
    static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 507 -> "Insufficient Storage";
            default -> status >= 500 ? "Server Error" : "Client Error";
        };
    }
}
