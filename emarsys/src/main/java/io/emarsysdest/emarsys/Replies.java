package io.emarsysdest.emarsys;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Lenient readers for Emarsys's PHP-shaped JSON: {@code []} where {@code {}} is meant, numbers as strings, ids
 * mixing strings and integers (or nested arrays), {@code result:false} for "nothing".
 */
public final class Replies {
    private Replies() {
    }

    /** An integer from a number or numeric string; null otherwise. */
    public static Integer integer(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        if (n.isNumber()) return n.intValue();
        if (n.isTextual()) {
            try {
                return (int) Double.parseDouble(n.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Text of a scalar; null for null, missing, objects and arrays. */
    public static String text(JsonNode n) {
        return n == null || !n.isValueNode() || n.isNull() ? null : n.asText();
    }

    /** Strings from an array of strings, numbers or nested arrays; empty for anything else. */
    public static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        collect(n, out);
        return out;
    }

    private static void collect(JsonNode n, List<String> out) {
        if (n == null) return;
        if (n.isArray()) n.forEach(x -> collect(x, out));
        else if (n.isValueNode() && !n.isNull() && !n.isBoolean()) out.add(n.asText());
    }

    /**
     * Per-item errors. Shapes: {@code {"<key>": {"<code>": "<message>"}}} (contacts, triggers, lists),
     * {@code [{"key":..,"errorCode":..,"errorMsg":..}]} (getdata), and {@code []} or {@code {}} for none.
     */
    public static List<ItemError> errors(JsonNode errors) {
        List<ItemError> out = new ArrayList<>();
        if (errors == null) return out;
        if (errors.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = errors.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (v.isObject()) {
                    for (Iterator<Map.Entry<String, JsonNode>> codes = v.fields(); codes.hasNext(); ) {
                        Map.Entry<String, JsonNode> c = codes.next();
                        Integer code = integer(com.fasterxml.jackson.databind.node.TextNode.valueOf(c.getKey()));
                        out.add(new ItemError(e.getKey(), code == null ? -1 : code, c.getValue().asText()));
                    }
                } else { // {"key": "message"} without a code
                    out.add(new ItemError(e.getKey(), -1, v.asText()));
                }
            }
        } else if (errors.isArray()) {
            for (JsonNode e : errors) {
                if (!e.isObject()) continue;
                JsonNode key = e.has("key") ? e.get("key") : e.get("external_id");
                Integer code = integer(e.has("errorCode") ? e.get("errorCode") : e.get("code"));
                JsonNode msg = e.has("errorMsg") ? e.get("errorMsg") : e.get("message");
                out.add(new ItemError(text(key), code == null ? -1 : code, msg == null ? "" : msg.asText()));
            }
        }
        return out;
    }
}
