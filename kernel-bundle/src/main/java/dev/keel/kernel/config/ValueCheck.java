package dev.keel.kernel.config;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.osgi.service.metatype.AttributeDefinition;

/**
 * Checks one configuration value against its Metatype attribute definition,
 * and says in words what the definition allows.
 */
final class ValueCheck {

    private ValueCheck() {
    }

    /**
     * @return {@code null} when the value is allowed, else what is wrong with it
     *         followed by what is allowed
     */
    static String problem(AttributeDefinition ad, Object value) {
        List<Object> elements = elements(value);
        if (ad.getCardinality() == 0 && elements.size() != 1) {
            return "expected one value, got " + elements.size() + "; allowed: " + allowed(ad);
        }
        for (Object element : elements) {
            String text = element == null ? "" : String.valueOf(element);
            String wrong = typeProblem(ad.getType(), text);
            String[] options = ad.getOptionValues();
            if (wrong == null && options != null && options.length > 0 && !Arrays.asList(options).contains(text)) {
                wrong = "not one of the options";
            }
            if (wrong == null && !(ad.getCardinality() != 0 && text.contains(","))) {
                String felix = ad.validate(text);
                if (felix != null && !felix.isEmpty()) {
                    wrong = felix;
                }
            }
            if (wrong != null) {
                return wrong + "; allowed: " + allowed(ad);
            }
        }
        return null;
    }

    /** What the definition allows, e.g. "a whole number (Long) of at least 1". */
    static String allowed(AttributeDefinition ad) {
        String[] options = ad.getOptionValues();
        String one;
        if (options != null && options.length > 0) {
            one = "one of " + String.join(", ", options);
        } else {
            one = switch (ad.getType()) {
                case AttributeDefinition.BYTE, AttributeDefinition.SHORT, AttributeDefinition.INTEGER,
                        AttributeDefinition.LONG, AttributeDefinition.BIGINTEGER ->
                        "a whole number (" + typeName(ad.getType()) + ")" + range(ad);
                case AttributeDefinition.FLOAT, AttributeDefinition.DOUBLE, AttributeDefinition.BIGDECIMAL ->
                        "a number (" + typeName(ad.getType()) + ")";
                case AttributeDefinition.BOOLEAN -> "true or false";
                case AttributeDefinition.CHARACTER -> "a single character";
                default -> "text";
            };
        }
        return ad.getCardinality() == 0 ? one : "a list, each " + one;
    }

    private static String typeProblem(int type, String text) {
        try {
            switch (type) {
                case AttributeDefinition.BYTE -> Byte.parseByte(text);
                case AttributeDefinition.SHORT -> Short.parseShort(text);
                case AttributeDefinition.INTEGER -> Integer.parseInt(text);
                case AttributeDefinition.LONG -> Long.parseLong(text);
                case AttributeDefinition.BIGINTEGER -> new BigInteger(text);
                case AttributeDefinition.FLOAT -> Float.parseFloat(text);
                case AttributeDefinition.DOUBLE -> Double.parseDouble(text);
                case AttributeDefinition.BIGDECIMAL -> new BigDecimal(text);
                case AttributeDefinition.BOOLEAN -> {
                    if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                        return "not true or false";
                    }
                }
                case AttributeDefinition.CHARACTER -> {
                    if (text.length() != 1) {
                        return "not a single character";
                    }
                }
                default -> {
                    // text: any string
                }
            }
            return null;
        } catch (NumberFormatException e) {
            if (text.matches("[+-]?\\d+")) {
                return "too large for a " + typeName(type);
            }
            return isIntegral(type) ? "not a whole number" : "not a number";
        }
    }

    /**
     * The bounds of an integral attribute, found through the definition's own
     * {@code validate} (the Metatype API does not expose min and max): a binary
     * search from a known good value (the default) to the ends of the type.
     */
    static String range(AttributeDefinition ad) {
        long lo = lowest(ad.getType());
        long hi = -(lo + 1);
        Long anchor = anchor(ad);
        if (anchor == null) {
            return "";
        }
        Long min = ok(ad, lo) ? null : firstOk(ad, lo, anchor);
        Long max = ok(ad, hi) ? null : lastOk(ad, anchor, hi);
        if (min != null && max != null) {
            return " from " + min + " to " + max;
        }
        if (min != null) {
            return " of at least " + min;
        }
        return max != null ? " of at most " + max : "";
    }

    private static Long anchor(AttributeDefinition ad) {
        String[] defaults = ad.getDefaultValue();
        List<String> candidates = new ArrayList<>();
        if (defaults != null && defaults.length > 0) {
            candidates.add(defaults[0]);
        }
        candidates.addAll(List.of("0", "1", "-1"));
        for (String c : candidates) {
            try {
                long v = Long.parseLong(c.trim());
                if (ok(ad, v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // try the next candidate
            }
        }
        return null;
    }

    /** Smallest allowed value in (bad, good], where bad is not allowed and good is. */
    private static long firstOk(AttributeDefinition ad, long bad, long good) {
        while (true) {
            long mid = (bad & good) + ((bad ^ good) >> 1); // floor of the mean, without overflow
            if (mid == bad || mid == good) {
                return good;
            }
            if (ok(ad, mid)) {
                good = mid;
            } else {
                bad = mid;
            }
        }
    }

    /** Largest allowed value in [good, bad), where good is allowed and bad is not. */
    private static long lastOk(AttributeDefinition ad, long good, long bad) {
        while (true) {
            long mid = (good & bad) + ((good ^ bad) >> 1);
            if (mid == good || mid == bad) {
                return good;
            }
            if (ok(ad, mid)) {
                good = mid;
            } else {
                bad = mid;
            }
        }
    }

    private static boolean ok(AttributeDefinition ad, long value) {
        String result = ad.validate(String.valueOf(value));
        return result == null || result.isEmpty();
    }

    private static long lowest(int type) {
        return switch (type) {
            case AttributeDefinition.BYTE -> Byte.MIN_VALUE;
            case AttributeDefinition.SHORT -> Short.MIN_VALUE;
            case AttributeDefinition.INTEGER -> Integer.MIN_VALUE;
            default -> Long.MIN_VALUE;
        };
    }

    private static boolean isIntegral(int type) {
        return type == AttributeDefinition.BYTE || type == AttributeDefinition.SHORT
                || type == AttributeDefinition.INTEGER || type == AttributeDefinition.LONG
                || type == AttributeDefinition.BIGINTEGER;
    }

    static String typeName(int type) {
        return switch (type) {
            case AttributeDefinition.BYTE -> "Byte";
            case AttributeDefinition.SHORT -> "Short";
            case AttributeDefinition.INTEGER -> "Integer";
            case AttributeDefinition.LONG -> "Long";
            case AttributeDefinition.BIGINTEGER -> "BigInteger";
            case AttributeDefinition.FLOAT -> "Float";
            case AttributeDefinition.DOUBLE -> "Double";
            case AttributeDefinition.BIGDECIMAL -> "BigDecimal";
            case AttributeDefinition.BOOLEAN -> "Boolean";
            case AttributeDefinition.CHARACTER -> "Character";
            case AttributeDefinition.PASSWORD -> "Password";
            default -> "String";
        };
    }

    /** The elements of a scalar, array or collection value. */
    static List<Object> elements(Object value) {
        List<Object> out = new ArrayList<>();
        if (value == null) {
            out.add(null);
        } else if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                out.add(Array.get(value, i));
            }
        } else if (value instanceof Collection<?> c) {
            out.addAll(c);
        } else {
            out.add(value);
        }
        return out;
    }
}
