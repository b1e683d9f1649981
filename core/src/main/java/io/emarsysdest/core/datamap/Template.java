package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled template such as {@code "{{traits.firstName}} {{traits.lastName}}"}. A placeholder may list fallbacks:
 * {@code {{traits.firstName|context.traits.firstName}}}. Missing or null values render as "". When no placeholder
 * has a value the template yields nothing (the mapping is skipped); otherwise the rendered text is trimmed.
 */
final class Template {
    private final String[] literals; // literals[i] precedes placeholders[i]; one more literal than placeholders
    private final ValueReader[][] placeholders;

    private Template(String[] literals, ValueReader[][] placeholders) {
        this.literals = literals;
        this.placeholders = placeholders;
    }

    /** Throws {@link IllegalArgumentException} naming the first syntax problem. */
    static Template compile(String template) {
        List<String> literals = new ArrayList<>();
        List<ValueReader[]> holes = new ArrayList<>();
        int pos = 0;
        while (true) {
            int open = template.indexOf("{{", pos);
            if (open < 0) {
                literals.add(template.substring(pos));
                break;
            }
            int close = template.indexOf("}}", open + 2);
            if (close < 0) throw new IllegalArgumentException("'{{' at position " + open + " is never closed with '}}'");
            literals.add(template.substring(pos, open));
            String inner = template.substring(open + 2, close).trim();
            if (inner.isEmpty()) throw new IllegalArgumentException("empty placeholder '{{}}' at position " + open);
            if (inner.contains("{{")) throw new IllegalArgumentException("nested '{{' at position " + open);
            String[] alternatives = inner.split("\\|", -1);
            ValueReader[] readers = new ValueReader[alternatives.length];
            for (int i = 0; i < alternatives.length; i++) readers[i] = ValueReader.compile(alternatives[i]);
            holes.add(readers);
            pos = close + 2;
        }
        if (holes.isEmpty()) {
            throw new IllegalArgumentException("template has no {{path}} placeholder; use \"value\" for fixed text");
        }
        return new Template(literals.toArray(String[]::new), holes.toArray(ValueReader[][]::new));
    }

    /** The rendered text, or null when no placeholder had a value. */
    String render(JsonNode body, JsonNode personTraits) {
        StringBuilder sb = new StringBuilder(32);
        boolean any = false;
        for (int i = 0; i < placeholders.length; i++) {
            sb.append(literals[i]);
            for (ValueReader r : placeholders[i]) {
                JsonNode v = r.read(body, personTraits);
                if (v.isValueNode() && !v.isNull()) {
                    String s = v.asText();
                    if (!s.isEmpty()) {
                        sb.append(s);
                        any = true;
                        break;
                    }
                }
            }
        }
        sb.append(literals[literals.length - 1]);
        return any ? sb.toString().trim() : null;
    }

    boolean readsPerson() {
        for (ValueReader[] rs : placeholders) for (ValueReader r : rs) if (r.readsPerson()) return true;
        return false;
    }
}
