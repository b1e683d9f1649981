package io.emarsysdest.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The action's data payload: any JSON where strings may hold {@code {{reference}}} placeholders.
 * A string that is exactly one placeholder takes the referenced JSON value (keeping numbers, objects, arrays) and
 * is left out when the value is missing; placeholders inside longer strings are replaced by text ("" when missing).
 * References: {@code entry.<path>}, {@code steps.<stepId>.<path>}, {@code person.traits.<path>}, {@code person.id},
 * {@code instance.key}, {@code rule.id}, {@code rule.version}.
 */
public final class Template {
    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}\\s]+)\\s*}}");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final JsonNode source;
    private final Set<String> references;

    private Template(JsonNode source, Set<String> references) {
        this.source = source;
        this.references = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(references));
    }

    public static Template compile(JsonNode source) {
        Set<String> refs = new LinkedHashSet<>();
        collect(source, refs);
        return new Template(source == null ? F.objectNode() : source, refs);
    }

    private static void collect(JsonNode n, Set<String> refs) {
        if (n == null) return;
        if (n.isTextual()) {
            Matcher m = PLACEHOLDER.matcher(n.textValue());
            while (m.find()) refs.add(m.group(1));
        } else if (n.isContainerNode()) {
            for (JsonNode child : n) collect(child, refs);
        }
    }

    /** Every placeholder reference, in order of appearance. */
    public Set<String> references() {
        return references;
    }

    public JsonNode source() {
        return source;
    }

    /** Renders the template; {@code resolve} returns a MissingNode (or null) for unknown references. */
    public JsonNode render(Function<String, JsonNode> resolve) {
        JsonNode out = render(source, resolve);
        return out == null ? F.objectNode() : out;
    }

    private static JsonNode render(JsonNode n, Function<String, JsonNode> resolve) {
        if (n.isTextual()) {
            String text = n.textValue();
            Matcher m = PLACEHOLDER.matcher(text);
            if (!m.find()) return n;
            if (m.start() == 0 && m.end() == text.length()) {
                JsonNode v = resolve.apply(m.group(1));
                return v == null || v.isMissingNode() ? null : v;
            }
            StringBuilder sb = new StringBuilder();
            m.reset();
            while (m.find()) {
                JsonNode v = resolve.apply(m.group(1));
                String s = v == null || v.isMissingNode() || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
                m.appendReplacement(sb, Matcher.quoteReplacement(s));
            }
            m.appendTail(sb);
            return TextNode.valueOf(sb.toString());
        }
        if (n.isObject()) {
            ObjectNode o = F.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = render(e.getValue(), resolve);
                if (v != null) o.set(e.getKey(), v);
            }
            return o;
        }
        if (n.isArray()) {
            ArrayNode a = F.arrayNode();
            List<JsonNode> items = new ArrayList<>();
            for (JsonNode child : n) items.add(render(child, resolve));
            for (JsonNode v : items) a.add(v == null ? F.nullNode() : v);
            return a;
        }
        return n;
    }
}
