package dev.keel.kernel.config;

import java.util.Arrays;

/**
 * A configuration value the kernel did not pass on to the component.
 *
 * @param key the property key
 * @param value the rejected value, as configured
 * @param reason what is wrong and what is allowed
 * @param outcome what the component gets instead, e.g. "keeping 10000"
 */
public record Rejection(String key, Object value, String reason, String outcome) {

    /** The value as an operator wrote it: arrays as comma-separated lists. */
    public String valueText() {
        return text(value);
    }

    /** A value as an operator writes it in a .cfg file: lists comma-separated. */
    public static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Object[] array) {
            return String.join(",", Arrays.stream(array).map(String::valueOf).toList());
        }
        if (value.getClass().isArray() || value instanceof java.util.Collection) {
            return String.join(",", ValueCheck.elements(value).stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    /** One line, e.g. {@code start.timeout.ms=abc rejected: not a whole number; ...; keeping 10000}. */
    @Override
    public String toString() {
        return key + "=" + valueText() + " rejected: " + reason + "; " + outcome;
    }
}
