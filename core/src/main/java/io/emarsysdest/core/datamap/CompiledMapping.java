package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One mapping, ready to run: resolved field, compiled paths or template, resolved conversion. */
final class CompiledMapping {
    final String where;
    final String fieldLabel;
    final Field field;
    final String fieldId;
    final boolean isKey;
    final EventFilter ownFilter; // null = the map's
    private final ValueReader[] paths;
    private final Template template;
    private final JsonNode literal;
    private final Map<String, JsonNode> values;
    private final Map<String, JsonNode> valuesFolded;
    private final EmptyPolicy empty;
    private final Converter converter;
    private final int maxLength;
    private final JsonNode emptyValue;

    CompiledMapping(String where, Field field, boolean isKey, EventFilter ownFilter, ValueReader[] paths, Template template,
                    JsonNode literal, Map<String, JsonNode> values, EmptyPolicy empty, Converter converter) {
        this.where = where;
        this.fieldLabel = "field " + field.describe() + ": ";
        this.field = field;
        this.fieldId = field.id();
        this.isKey = isKey;
        this.ownFilter = ownFilter;
        this.paths = paths;
        this.template = template;
        this.literal = literal;
        this.values = values;
        if (values != null) {
            valuesFolded = new HashMap<>();
            values.forEach((k, v) -> valuesFolded.putIfAbsent(k.trim().toLowerCase(Locale.ROOT), v));
        } else {
            valuesFolded = null;
        }
        this.empty = empty;
        this.converter = converter;
        this.maxLength = field.type().maxLength();
        this.emptyValue = Converter.emptyValue(field.type());
    }

    void apply(EvalContext ctx, boolean mapMatches, ObjectNode out, Warnings w) {
        if (ownFilter == null ? !mapMatches : !ownFilter.matches(ctx.event, ctx)) return;
        JsonNode v;
        if (paths != null) {
            v = null;
            for (ValueReader r : paths) {
                JsonNode n = r.read(ctx);
                if (!n.isMissingNode()) {
                    v = n;
                    break;
                }
            }
            if (v == null) return;
        } else if (template != null) {
            String s = template.render(ctx.body, ctx.personTraits);
            if (s == null) return;
            v = TextNode.valueOf(s);
        } else {
            v = literal;
        }
        boolean notInValues = false;
        if (values != null && v.isValueNode() && !v.isNull()) {
            String text = v.asText();
            JsonNode mapped = values.get(text);
            if (mapped == null) mapped = valuesFolded.get(text.trim().toLowerCase(Locale.ROOT));
            if (mapped != null) v = mapped;
            else notInValues = !text.isBlank();
        }
        if (v.isNull() || (v.isTextual() && v.textValue().isBlank())) {
            // never clear the key; a literal null/"" is an explicit clear whatever the policy
            if (isKey || (empty == EmptyPolicy.IGNORE && literal == null)) return;
            out.set(fieldId, emptyValue);
            return;
        }
        w.at(where, fieldLabel);
        int warningsBefore = w.size();
        JsonNode c = converter.convert(v, ctx.event.timestamp(), w);
        if (c == null) {
            // a value the value table does not know went on as it was and could not be written: say both
            if (notInValues) w.replaceFrom(warningsBefore, "not_in_values", Converter.quote(v.asText())
                    + " is not in the mapping's value table (" + valueTableKeys() + ") and cannot be written as it is ("
                    + w.messagesFrom(warningsBefore) + "); the field is left out");
            return;
        }
        if (maxLength > 0 && !isKey && (c.isTextual() || c.isNumber())) c = cut(c, w);
        out.set(fieldId, c);
    }

    private String valueTableKeys() {
        List<String> keys = new java.util.ArrayList<>(values.keySet());
        return keys.size() <= 10 ? String.join(", ", keys) : String.join(", ", keys.subList(0, 10)) + ", …";
    }

    private JsonNode cut(JsonNode c, Warnings w) {
        String s = c.asText();
        if (s.length() <= maxLength || s.codePointCount(0, s.length()) <= maxLength) return c;
        w.add("value_cut", "value of " + s.codePointCount(0, s.length()) + " characters cut to the field's " + maxLength);
        return TextNode.valueOf(s.substring(0, s.offsetByCodePoints(0, maxLength)));
    }
}
