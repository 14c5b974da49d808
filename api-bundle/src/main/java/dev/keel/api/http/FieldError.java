package dev.keel.api.http;

import java.util.Objects;

/**
 * One invalid field of a request, as listed in a problem's {@code errors}.
 *
 * @param field the field's name or JSON path, e.g. {@code items[0].quantity}
 * @param message what is wrong with it, e.g. {@code must be greater than 0}
 */
public record FieldError(String field, String message) {

    /** Checks that neither component is null. */
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
