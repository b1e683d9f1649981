package io.emarsysdest.core.condition;

import com.fasterxml.jackson.databind.JsonNode;
import io.emarsysdest.core.event.JsonPath;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * One test of a value at a path: {@code {"path":"properties.price","op":"gte","value":20}}.
 * Numbers compare numerically (numeric strings count as numbers), everything else by text; a missing value
 * fails every operator except {@code neq}, {@code nin} and {@code exists:false}.
 * {@code matches} is a Java regular expression found anywhere in the text (anchor it with ^…$ for a full match).
 */
public record Predicate(JsonPath path, Op op, JsonNode value, Pattern pattern) {

    public boolean test(JsonNode root) {
        JsonNode actual = path.read(root);
        boolean present = !actual.isMissingNode() && !actual.isNull();
        return switch (op) {
            case EXISTS -> present == (value == null || value.isNull() || value.asBoolean(true));
            case EQ -> present && same(actual, value);
            case NEQ -> !present || !same(actual, value);
            case IN -> present && anySame(actual, value);
            case NIN -> !present || !anySame(actual, value);
            case GT -> present && comparable(actual, value) && compare(actual, value) > 0;
            case GTE -> present && comparable(actual, value) && compare(actual, value) >= 0;
            case LT -> present && comparable(actual, value) && compare(actual, value) < 0;
            case LTE -> present && comparable(actual, value) && compare(actual, value) <= 0;
            case CONTAINS -> present && contains(actual, value);
            case STARTS_WITH -> present && actual.isValueNode() && actual.asText().startsWith(value.asText());
            case MATCHES -> present && actual.isValueNode() && pattern.matcher(actual.asText()).find();
        };
    }

    private static boolean anySame(JsonNode actual, JsonNode options) {
        for (JsonNode option : options) if (same(actual, option)) return true;
        return false;
    }

    private static boolean contains(JsonNode actual, JsonNode needle) {
        if (actual.isArray()) {
            for (JsonNode element : actual) if (same(element, needle)) return true;
            return false;
        }
        return actual.isValueNode() && actual.asText().contains(needle.asText());
    }

    static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber() && plain(a) && plain(b)) return fastCompare(a, b) == 0;
        BigDecimal na = number(a);
        BigDecimal nb = number(b);
        if (na != null && nb != null) return na.compareTo(nb) == 0;
        if (a.isValueNode() && b.isValueNode()) return a.asText().equals(b.asText()) && a.isBoolean() == b.isBoolean();
        return a.equals(b);
    }

    /** int, long, float or double nodes: compared without BigDecimal (this runs per event in filters). */
    private static boolean plain(JsonNode n) {
        return !n.isBigDecimal() && !n.isBigInteger();
    }

    private static int fastCompare(JsonNode a, JsonNode b) {
        if (a.isIntegralNumber() && b.isIntegralNumber()) return Long.compare(a.longValue(), b.longValue());
        double x = a.doubleValue();
        double y = b.doubleValue();
        return x == y ? 0 : x < y ? -1 : 1; // == so that -0.0 equals 0.0, as BigDecimal would say
    }

    private static boolean comparable(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) return true;
        return (number(a) != null && number(b) != null) || (a.isTextual() && b.isTextual());
    }

    /** Numeric comparison when both sides are numbers, else text order (so ISO dates compare correctly). */
    private static int compare(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber() && plain(a) && plain(b)) return fastCompare(a, b);
        BigDecimal na = number(a);
        BigDecimal nb = number(b);
        if (na != null && nb != null) return na.compareTo(nb);
        return a.asText().compareTo(b.asText());
    }

    private static BigDecimal number(JsonNode n) {
        if (n == null) return null;
        if (n.isNumber()) return n.decimalValue();
        if (n.isTextual()) {
            String s = n.textValue().trim();
            if (s.isEmpty() || s.length() > 40) return null;
            char c = s.charAt(0);
            if (!(Character.isDigit(c) || c == '-' || c == '+' || c == '.')) return null;
            try {
                return new BigDecimal(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
