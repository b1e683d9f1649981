package io.emarsysdest.core.identity;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.regex.Pattern;

/**
 * What a primary key is, by the Emarsys key field it is written to: how values are normalised for matching and
 * which values can be a key at all. A value that cannot be one is refused (the person keeps no such key), because
 * Emarsys would either refuse it or, worse, make a contact of it ({@code "not an email"} in the e-mail field).
 */
public enum KeyFormat {
    /** An e-mail address (key field 3): trimmed and lower-cased for matching; must be text shaped like an address. */
    EMAIL,
    /** Text such as a customer number: trimmed only, so case matters; text or a number (written as its digits). */
    TEXT,
    /** A numeric key field: trimmed only; a whole number or text of digits, at most 24 digits (the Emarsys limit). */
    NUMBER;

    /** Something, an {@code @}, something with a dot: what every address Emarsys accepts has, without spaces. */
    private static final Pattern EMAIL_SHAPE = Pattern.compile("[^\\s@]+@[^\\s@]+\\.[^\\s@.]+");
    private static final Pattern DIGITS = Pattern.compile("-?[0-9]{1,24}");

    /**
     * Why this value cannot be a key of this format, or null when it can.
     *
     * @param value     the JSON value found at a primary key path (not null, not missing)
     * @param maxLength the most characters the key field keeps, 0 for no limit
     */
    public String refusal(JsonNode value, int maxLength) {
        if (!value.isTextual() && !value.isNumber()) return "a key must be text, not " + kind(value);
        if (this == EMAIL && !value.isTextual()) return "an e-mail key must be text, not a number (" + value.asText() + ")";
        String text = value.asText().strip();
        if (maxLength > 0 && text.codePointCount(0, text.length()) > maxLength) {
            return "longer than the key field's " + maxLength + " characters";
        }
        return switch (this) {
            case EMAIL -> EMAIL_SHAPE.matcher(text).matches() ? null : "not an e-mail address";
            case NUMBER -> (value.isIntegralNumber() || DIGITS.matcher(text).matches()) && text.replace("-", "").length() <= 24
                    ? null : "not a whole number of at most 24 digits";
            case TEXT -> null;
        };
    }

    private static String kind(JsonNode v) {
        if (v.isBoolean()) return "a boolean";
        if (v.isObject()) return "an object";
        if (v.isArray()) return "an array";
        return v.getNodeType().name().toLowerCase();
    }
}
