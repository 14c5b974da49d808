package dev.keel.api.http;

import java.util.List;

/**
 * Thrown by a plugin's servlet (or anything it calls) to answer with RFC 9457
 * problem details: the kernel's HTTP entry turns it into an
 * {@code application/problem+json} response with {@code type}, {@code title},
 * {@code status}, {@code detail} and, when there are field errors,
 * {@code errors}. Any other exception becomes a 500 problem without a stack
 * trace.
 */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The problem type used when none is given. */
    public static final String ABOUT_BLANK = "about:blank";

    private final int status;
    private final String title;
    private final String type;
    private final transient List<FieldError> errors;

    /**
     * A problem of type {@code about:blank}.
     *
     * @param status the HTTP status, 400 to 599
     * @param title a short summary, e.g. {@code Validation failed}
     * @param detail what happened in this request
     */
    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, ABOUT_BLANK, List.of());
    }

    /**
     * A problem with field errors, e.g. a 400 or 422 for bad input.
     *
     * @param status the HTTP status, 400 to 599
     * @param title a short summary
     * @param detail what happened in this request
     * @param errors the invalid fields
     */
    public ProblemException(int status, String title, String detail, List<FieldError> errors) {
        this(status, title, detail, ABOUT_BLANK, errors);
    }

    /**
     * A problem of a given type.
     *
     * @param status the HTTP status, 400 to 599
     * @param title a short summary
     * @param detail what happened in this request
     * @param type a URI naming the problem type
     * @param errors the invalid fields, may be empty
     */
    public ProblemException(int status, String title, String detail, String type, List<FieldError> errors) {
        super(detail);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem's status is 400 to 599, not " + status);
        }
        this.status = status;
        this.title = title == null ? "" : title;
        this.type = type == null ? ABOUT_BLANK : type;
        this.errors = List.copyOf(errors);
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the short summary */
    public String title() {
        return title;
    }

    /** @return the detail of this occurrence */
    public String detail() {
        return getMessage();
    }

    /** @return the problem type URI */
    public String type() {
        return type;
    }

    /** @return the invalid fields, possibly empty */
    public List<FieldError> errors() {
        return errors;
    }
}
