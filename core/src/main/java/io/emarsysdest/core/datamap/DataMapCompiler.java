package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import io.emarsysdest.core.validation.Problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a {@link DataMap} against the account's fields and compiles it for evaluation. Every problem is reported:
 * unknown or read-only fields, conversions a field cannot take, unknown choices, bad paths, bad templates, bad
 * conditions.
 */
public final class DataMapCompiler {
    private DataMapCompiler() {
    }

    /** Compiles, leaving out what has problems; {@link CompiledDataMap#problems()} lists them. */
    public static CompiledDataMap compile(DataMap map, FieldCatalog catalog) {
        return compile(map, catalog, DataMap.DEFAULT_KEY_FIELD);
    }

    /**
     * As {@link #compile(DataMap, FieldCatalog)}; a map without its own {@code keyField} uses {@code configuredKeyField}
     * (the service's {@code identity.keyField}).
     */
    public static CompiledDataMap compile(DataMap map, FieldCatalog catalog, String configuredKeyField) {
        return compile(map, catalog, configuredKeyField, null, null);
    }

    /** As {@link #compile(DataMap, FieldCatalog, String)}, naming mappings and list rules by their input positions. */
    static CompiledDataMap compile(DataMap map, FieldCatalog catalog, String configuredKeyField, List<Integer> mappingAt,
                                   List<Integer> listAt) {
        List<Problem> problems = new ArrayList<>();
        String keyRef = map.keyField() != null ? map.keyField() : configuredKeyField;
        Field key = catalog.resolve(keyRef).orElse(null);
        if (key == null) {
            problems.add(unknownField("keyField", keyRef, catalog));
        } else if (!key.writable()) {
            problems.add(new Problem("keyField", "read_only_field", "field " + key.describe() + " is read-only and cannot be the key"));
        }
        String keyId = key == null ? keyRef : key.id();
        if (key != null && map.keyField() != null && !keyId.equals(configuredId(configuredKeyField, catalog))) {
            // one key field for the whole service: upserts, triggers, list changes and deletions must agree on it
            problems.add(new Problem("keyField", "key_field_mismatch", "the map names key field " + keyRef
                    + " but the service's key field (identity.keyField) is " + configuredKeyField
                    + "; leave keyField out or set it to " + configuredKeyField));
        }
        DataMap normalised = keyId.equals(map.keyField()) ? map
                : new DataMap(map.id(), map.name(), map.description(), map.enabled(), keyId, map.appliesTo(), map.empty(),
                map.mappings(), map.lists());
        EventFilter mapFilter = EventFilter.compile(map.appliesTo(), "appliesTo", problems);

        List<CompiledMapping> mappings = new ArrayList<>();
        for (int i = 0; i < map.mappings().size(); i++) {
            int at = mappingAt == null ? i : mappingAt.get(i);
            CompiledMapping m = compileMapping(map, map.mappings().get(i), at, keyId, catalog, problems);
            if (m != null) mappings.add(m);
        }
        List<CompiledListRule> lists = new ArrayList<>();
        for (int i = 0; i < map.lists().size(); i++) {
            ListRule r = map.lists().get(i);
            String at = "lists[" + (listAt == null ? i : listAt.get(i)) + "]";
            int before = problems.size();
            ValueReader from = null;
            if (r.listFrom() != null) from = path(r.listFrom(), at + ".listFrom", problems);
            EventFilter own = r.appliesTo() == null ? null
                    : EventFilter.compile(r.appliesTo().inheriting(map.appliesTo()), at + ".appliesTo", problems);
            if (problems.size() == before) {
                lists.add(new CompiledListRule(r.list(), from, r.add(), own, "map:" + map.id() + ":" + at));
            }
        }
        return new CompiledDataMap(normalised, mapFilter, mappings, lists, problems);
    }

    /** Every problem of a map as JSON: structure first, then fields, paths and values. Empty = valid. */
    public static List<Problem> validate(JsonNode json, FieldCatalog catalog) {
        return validate(json, catalog, DataMap.DEFAULT_KEY_FIELD);
    }

    /** As {@link #validate(JsonNode, FieldCatalog)}, with the service's configured key field. */
    public static List<Problem> validate(JsonNode json, FieldCatalog catalog, String configuredKeyField) {
        DataMapJson.Parsed parsed = DataMapJson.parse(json);
        if (parsed.partial() == null) return parsed.problems();
        List<Problem> all = new ArrayList<>(parsed.problems());
        all.addAll(compile(parsed.partial(), catalog, configuredKeyField, parsed.mappingAt(), parsed.listAt()).problems());
        return all;
    }

    private static CompiledMapping compileMapping(DataMap map, Mapping m, int i, String keyId, FieldCatalog catalog,
                                                  List<Problem> problems) {
        String at = "mappings[" + i + "]";
        int before = problems.size();
        ValueReader[] paths = null;
        Template template = null;
        JsonNode literal = null;
        switch (m.source()) {
            case Source.Paths p -> {
                paths = new ValueReader[p.paths().size()];
                for (int k = 0; k < paths.length; k++) {
                    paths[k] = path(p.paths().get(k), p.paths().size() == 1 ? at + ".from" : at + ".from[" + k + "]", problems);
                }
            }
            case Source.Template t -> {
                try {
                    template = Template.compile(t.template());
                } catch (IllegalArgumentException e) {
                    problems.add(new Problem(at + ".template", "invalid_template", e.getMessage()));
                }
            }
            case Source.Literal l -> literal = l.value() == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : l.value();
        }
        Field field = catalog.resolve(m.target()).orElse(null);
        if (field == null) {
            problems.add(unknownField(at + ".to", m.target(), catalog));
        } else if (!field.writable()) {
            problems.add(new Problem(at + ".to", "read_only_field", "field " + field.describe() + " is read-only; Emarsys sets it itself"));
        }
        Conversion conversion = m.conversion() == null ? Conversion.AUTO : m.conversion();
        if (field != null && field.writable() && !conversion.allowedFor(field.type())) {
            problems.add(new Problem(at + ".convert", "conversion_not_allowed", "conversion '" + conversion.wire()
                    + "' cannot write field " + field.describe() + " of type " + field.type().wire()));
        }
        EventFilter own = m.appliesTo() == null ? null
                : EventFilter.compile(m.appliesTo().inheriting(map.appliesTo()), at + ".appliesTo", problems);
        if (problems.size() != before) return null;

        Converter.Kind kind = Converter.resolve(conversion, field.type());
        ChoiceIndex choices = kind == Converter.Kind.CHOICE || kind == Converter.Kind.MULTICHOICE ? new ChoiceIndex(field) : null;
        Converter converter = new Converter(kind, choices);
        // fixed outputs (literal, value translations) are checked now so a typo in a label fails the save, not every event
        if (literal != null && !literal.isNull() && !(literal.isTextual() && literal.textValue().isBlank())) {
            checkFixed(converter, literal, at + ".value", field, problems);
        }
        if (m.values() != null) {
            for (Map.Entry<String, JsonNode> e : m.values().entrySet()) {
                JsonNode out = e.getValue();
                if (out == null || out.isNull() || (out.isTextual() && out.textValue().isBlank())) continue;
                checkFixed(converter, out, at + ".values." + e.getKey(), field, problems);
            }
        }
        if (problems.size() != before) return null;
        EmptyPolicy empty = m.empty() == null ? map.empty() : m.empty();
        return new CompiledMapping(map.id() + "." + at, field, field.id().equals(keyId), own, paths, template, literal,
                m.values(), empty, converter);
    }

    private static void checkFixed(Converter converter, JsonNode value, String at, Field field, List<Problem> problems) {
        Warnings w = new Warnings();
        converter.convert(value, null, w);
        for (Problem p : w.toList()) {
            // labels cannot be checked while the field's choices are unknown; evaluation warns and leaves the value out
            if (p.code().equals("choices_unavailable")) continue;
            String code = p.code().equals("unknown_choice") ? "unknown_choice" : "invalid_value";
            String hint = code.equals("unknown_choice") ? "; choices: " + String.join(", ", field.choices().values()) : "";
            problems.add(new Problem(at, code, "field " + field.describe() + ": " + p.message() + hint));
        }
    }

    private static ValueReader path(String text, String at, List<Problem> problems) {
        try {
            return ValueReader.compile(text);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(at, "invalid_path", e.getMessage()));
            return null;
        }
    }

    private static String configuredId(String configuredKeyField, FieldCatalog catalog) {
        return catalog.resolve(configuredKeyField).map(Field::id).orElse(configuredKeyField);
    }

    private static Problem unknownField(String at, String ref, FieldCatalog catalog) {
        String hint = suggest(ref, catalog);
        return new Problem(at, "unknown_field", "no Emarsys field with id or name '" + ref + "'" + (hint == null ? "" : "; did you mean '" + hint + "'?"));
    }

    /** The closest field name within a small edit distance, or null. */
    private static String suggest(String ref, FieldCatalog catalog) {
        String r = ref.toLowerCase(Locale.ROOT);
        return catalog.all().stream()
                .map(Field::name)
                .filter(n -> distance(n.toLowerCase(Locale.ROOT), r) <= Math.max(2, r.length() / 4))
                .min(Comparator.comparingInt(n -> distance(n.toLowerCase(Locale.ROOT), r)))
                .orElse(null);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
