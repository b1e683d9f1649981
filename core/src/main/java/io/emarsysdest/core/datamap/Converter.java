package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The value conversions, resolved per mapping at compile time ({@link Conversion#AUTO} becomes a concrete kind).
 * {@link #convert} returns null when the value cannot be written; the reason goes to {@link Warnings}.
 */
final class Converter {
    enum Kind { TEXT_AUTO, STRING, NUMBER, BOOLEAN_TEXT, BOOLEAN_NUMBER, DATE, BIRTHDATE, OPTIN, CHOICE, MULTICHOICE, RAW }

    static final int MAX_NUMERIC_DIGITS = 24;
    static final IntNode OPT_IN = IntNode.valueOf(1);
    static final IntNode OPT_OUT = IntNode.valueOf(2);

    private final Kind kind;
    private final ChoiceIndex choices; // CHOICE, MULTICHOICE

    Converter(Kind kind, ChoiceIndex choices) {
        this.kind = kind;
        this.choices = choices;
    }

    Kind kind() {
        return kind;
    }

    static Kind resolve(Conversion c, FieldType type) {
        return switch (c) {
            case AUTO -> switch (type) {
                case NUMERIC -> Kind.NUMBER;
                case DATE -> Kind.DATE;
                case BIRTHDATE -> Kind.BIRTHDATE;
                case SINGLECHOICE -> Kind.CHOICE;
                case MULTICHOICE -> Kind.MULTICHOICE;
                case OPTIN -> Kind.OPTIN;
                default -> Kind.TEXT_AUTO;
            };
            case STRING -> Kind.STRING;
            case NUMBER -> Kind.NUMBER;
            case BOOLEAN -> type == FieldType.NUMERIC ? Kind.BOOLEAN_NUMBER : Kind.BOOLEAN_TEXT;
            case DATE -> Kind.DATE;
            case BIRTHDATE -> Kind.BIRTHDATE;
            case OPTIN -> Kind.OPTIN;
            case CHOICE -> Kind.CHOICE;
            case MULTICHOICE -> Kind.MULTICHOICE;
            case RAW -> Kind.RAW;
        };
    }

    /** The Emarsys value for a present, non-empty source value; null (with a warning) when it cannot be converted. */
    JsonNode convert(JsonNode v, Instant eventTime, Warnings w) {
        return switch (kind) {
            case RAW -> v;
            case TEXT_AUTO -> {
                if (v.isTextual() || v.isNumber()) yield v;
                if (v.isBoolean()) yield TextNode.valueOf(v.asText());
                w.add("not_scalar", "a " + v.getNodeType().name().toLowerCase(Locale.ROOT) + " cannot go into a text field; use a path to one of its values");
                yield null;
            }
            case STRING -> {
                if (v.isValueNode()) yield v.isTextual() ? v : TextNode.valueOf(v.asText());
                w.add("not_scalar", "a " + v.getNodeType().name().toLowerCase(Locale.ROOT) + " cannot be converted to text");
                yield null;
            }
            case NUMBER -> number(v, w);
            case BOOLEAN_TEXT, BOOLEAN_NUMBER -> {
                Boolean b = truth(v);
                if (b == null) {
                    w.add("not_boolean", quote(v.asText()) + " is not a boolean (true/false, yes/no, 1/0)");
                    yield null;
                }
                yield kind == Kind.BOOLEAN_NUMBER ? IntNode.valueOf(b ? 1 : 0) : TextNode.valueOf(b.toString());
            }
            case DATE, BIRTHDATE -> date(v, eventTime, w);
            case OPTIN -> {
                if (v.isNumber() && v.asInt() == 2 || v.isTextual() && v.textValue().trim().equals("2")) yield OPT_OUT;
                Boolean b = truth(v);
                if (b == null) {
                    w.add("not_optin", quote(v.asText()) + " is not an opt-in value (true/false, yes/no, 1/2)");
                    yield null;
                }
                yield b ? OPT_IN : OPT_OUT;
            }
            case CHOICE -> {
                if (!v.isValueNode()) {
                    w.add("not_scalar", "a single-choice field takes one label");
                    yield null;
                }
                if (choices.isEmpty()) {
                    choicesUnavailable(w);
                    yield null;
                }
                JsonNode id = choices.lookup(v.asText());
                if (id == null) w.add("unknown_choice", quote(v.asText()) + " is not a choice of this field");
                yield id;
            }
            case MULTICHOICE -> multichoice(v, w);
        };
    }

    // no known choices: a guessed id would make Emarsys refuse the whole contact (2007), so the value is left out
    private static void choicesUnavailable(Warnings w) {
        w.add("choices_unavailable", "the field's choices are not known (not loaded from Emarsys; see GET /api/emarsys/fields)");
    }

    private JsonNode multichoice(JsonNode v, Warnings w) {
        if (choices.isEmpty()) {
            choicesUnavailable(w);
            return null;
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        int given = 0;
        if (v.isArray()) {
            for (JsonNode e : v) {
                if (!e.isValueNode() || e.isNull()) continue;
                given++;
                addChoice(e.asText(), out, w);
            }
        } else if (v.isValueNode()) {
            for (String part : v.asText().split(",")) {
                if (part.isBlank()) continue;
                given++;
                addChoice(part.trim(), out, w);
            }
        }
        if (given > 0 && out.isEmpty()) return null; // nothing recognised: leave the field rather than empty it
        return out;
    }

    private void addChoice(String label, ArrayNode out, Warnings w) {
        JsonNode id = choices.lookup(label);
        if (id == null) w.add("unknown_choice", quote(label) + " is not a choice of this field");
        else if (!contains(out, id)) out.add(id);
    }

    private static boolean contains(ArrayNode a, JsonNode n) {
        for (JsonNode e : a) if (e.equals(n)) return true;
        return false;
    }

    /** A value for a warning, shortened: warnings go to operators and logs, and values may be personal data. */
    static String quote(String value) {
        return "'" + (value.length() <= 40 ? value : value.substring(0, 37) + "...") + "'";
    }

    static Boolean truth(JsonNode v) {
        if (v.isBoolean()) return v.booleanValue();
        if (v.isNumber()) {
            if (v.asDouble() == 1) return true;
            if (v.asDouble() == 0) return false;
            return null;
        }
        if (!v.isTextual()) return null;
        return switch (v.textValue().trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "1", "on", "subscribed", "opt-in", "optin" -> true;
            case "false", "no", "n", "0", "off", "unsubscribed", "opt-out", "optout" -> false;
            default -> null;
        };
    }

    private static JsonNode number(JsonNode v, Warnings w) {
        BigDecimal d;
        if (v.isNumber()) {
            d = v.decimalValue();
        } else if (v.isTextual()) {
            try {
                d = new BigDecimal(v.textValue().trim());
            } catch (NumberFormatException e) {
                w.add("not_a_number", quote(v.textValue()) + " is not a number");
                return null;
            }
        } else {
            w.add("not_a_number", "a " + v.getNodeType().name().toLowerCase(Locale.ROOT) + " is not a number");
            return null;
        }
        if (d.precision() - d.scale() > MAX_NUMERIC_DIGITS) {
            w.add("number_too_long", "numeric fields hold at most " + MAX_NUMERIC_DIGITS + " digits");
            return null;
        }
        if (v.isIntegralNumber()) return v;
        if (d.signum() == 0 || d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0) {
            java.math.BigInteger i = d.toBigIntegerExact();
            return i.bitLength() < 63 ? LongNode.valueOf(i.longValue()) : BigIntegerNode.valueOf(i);
        }
        return v.isNumber() ? v : DecimalNode.valueOf(d);
    }

    private JsonNode date(JsonNode v, Instant eventTime, Warnings w) {
        LocalDate d = parseDate(v);
        if (d == null) {
            w.add("not_a_date", quote(v.asText()) + " is not a date (YYYY-MM-DD, ISO date-time or epoch)");
            return null;
        }
        if (kind == Kind.BIRTHDATE) {
            if (d.getYear() < 1900) {
                w.add("implausible_birthdate", "birthdate " + d + " is before 1900");
                return null;
            }
            if (eventTime != null && d.isAfter(LocalDate.ofInstant(eventTime, ZoneOffset.UTC).plusDays(1))) {
                w.add("implausible_birthdate", "birthdate " + d + " is after the event");
                return null;
            }
        }
        return TextNode.valueOf(d.toString());
    }

    /** ISO date, or the date part of an ISO date-time as written (no zone shift), or epoch seconds/milliseconds (UTC). */
    static LocalDate parseDate(JsonNode v) {
        if (v.isNumber()) {
            long n = v.asLong();
            Instant i = Math.abs(n) >= 100_000_000_000L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
            return LocalDate.ofInstant(i, ZoneOffset.UTC);
        }
        if (!v.isTextual()) return null;
        String s = v.textValue().trim();
        if (s.length() < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') return null;
        if (s.length() > 10 && s.charAt(10) != 'T' && s.charAt(10) != 't' && s.charAt(10) != ' ') return null;
        int y = digits(s, 0, 4);
        int m = digits(s, 5, 7);
        int d = digits(s, 8, 10);
        if (y < 0 || m < 0 || d < 0) return null;
        try {
            return LocalDate.of(y, m, d); // hand-parsed: this runs per event, DateTimeFormatter is several times slower
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static int digits(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** What writing "nothing" means for a field: "" for text kinds, null otherwise (dates, numbers, choices, opt-in). */
    static JsonNode emptyValue(FieldType type) {
        return type.isText() ? TextNode.valueOf("") : NullNode.getInstance();
    }
}
