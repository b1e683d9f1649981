package io.emarsysdest.core.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A compiled dotted path into a JSON tree: {@code traits.address.city}, {@code properties.items[0].sku}
 * or {@code properties.items.0.sku}. Compiled once, evaluated many times without allocation.
 */
public final class JsonPath {
    private final String text;
    private final Object[] steps; // String for object fields, Integer for array indexes
    private final String[] names; // each step as an object key, so "items.0" also reads {"items":{"0":…}}

    private JsonPath(String text, Object[] steps, String[] names) {
        this.text = text;
        this.steps = steps;
        this.names = names;
    }

    /** Compiles a path; throws {@link IllegalArgumentException} naming the problem when it is malformed. */
    public static JsonPath compile(String path) {
        Objects.requireNonNull(path, "path");
        if (path.isBlank()) throw new IllegalArgumentException("path is empty");
        List<Object> steps = new ArrayList<>();
        for (String part : path.split("\\.", -1)) {
            if (part.isEmpty()) throw new IllegalArgumentException("path '" + path + "' has an empty segment");
            int bracket = part.indexOf('[');
            String field = bracket < 0 ? part : part.substring(0, bracket);
            if (!field.isEmpty()) {
                steps.add(isIndex(field) && !steps.isEmpty() ? (Object) Integer.parseInt(field) : field);
            }
            while (bracket >= 0) {
                int close = part.indexOf(']', bracket);
                if (close < 0) throw new IllegalArgumentException("path '" + path + "' has an unclosed '['");
                String index = part.substring(bracket + 1, close);
                if (!isIndex(index)) throw new IllegalArgumentException("path '" + path + "' has a non-numeric index '" + index + "'");
                steps.add(Integer.parseInt(index));
                // after ']' only another '[' may follow within a segment ("a[0]x[1]" must not read as a[0][1])
                if (close == part.length() - 1) {
                    bracket = -1;
                } else if (part.charAt(close + 1) == '[') {
                    bracket = close + 1;
                } else {
                    throw new IllegalArgumentException("path '" + path + "' has text after ']'");
                }
            }
        }
        Object[] stepArray = steps.toArray();
        String[] names = new String[stepArray.length];
        for (int i = 0; i < stepArray.length; i++) names[i] = stepArray[i].toString();
        return new JsonPath(path, stepArray, names);
    }

    private static boolean isIndex(String s) {
        if (s.isEmpty() || s.length() > 9) return false;
        for (int i = 0; i < s.length(); i++) if (!Character.isDigit(s.charAt(i))) return false;
        return true;
    }

    /** The node at this path, or {@link MissingNode} when any step is absent. Never null. */
    public JsonNode read(JsonNode root) {
        JsonNode node = root;
        for (int s = 0; s < steps.length; s++) {
            if (node == null || node.isMissingNode()) return MissingNode.getInstance();
            node = steps[s] instanceof Integer i && node.isArray() ? node.path(i) : node.path(names[s]);
        }
        return node == null ? MissingNode.getInstance() : node;
    }

    /** The text at this path when it is a non-empty string or a number, otherwise null. */
    public String readText(JsonNode root) {
        JsonNode node = read(root);
        if (node.isTextual()) return node.textValue().isEmpty() ? null : node.textValue();
        if (node.isNumber()) return node.asText();
        return null;
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonPath p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
