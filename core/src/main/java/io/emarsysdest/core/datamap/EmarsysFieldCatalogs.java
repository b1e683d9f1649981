package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link FieldCatalog} from Emarsys replies, parsed leniently (ids as numbers or strings, emarsys-api.md §3):
 * {@code GET /field/translate/en} → {@code data[] = {id, name, application_type, string_id}}; single-choice options
 * from {@code GET /field/{id}/choice} (one call per field) and multichoice options from
 * {@code GET /field/choices?fields=…} (Emarsys refuses the single-choice endpoint for them with 2006).
 * A field whose choices cannot be read stays in the catalog without choices and is reported; it never costs the
 * other fields.
 */
public final class EmarsysFieldCatalogs {
    private EmarsysFieldCatalogs() {
    }

    /** System fields Emarsys computes itself (emarsys-api.md §7.1): never writable, whatever their type says. */
    public static final Set<String> READ_ONLY_SYSTEM_IDS = Set.of("0", "27", "28", "29", "30", "32", "33", "34", "36", "47", "48");

    /** Reads choices from Emarsys; both methods may throw (the message says what failed). */
    public interface ChoiceSource {
        /** The reply (whole, or its {@code data}) of {@code GET /field/{id}/choice} for a single-choice field. */
        JsonNode singleChoice(String fieldId);

        /** The reply (whole, or its {@code data}) of {@code GET /field/choices?fields=a,b,…} for multichoice fields. */
        JsonNode multiChoice(List<String> fieldIds);
    }

    /**
     * @param fieldsReply the whole reply (or just its {@code data} array) of {@code GET /field/translate/en}
     * @param choices     where the choice lists come from
     */
    public static FieldCatalogLoad load(JsonNode fieldsReply, ChoiceSource choices) {
        JsonNode data = fieldsReply.has("data") ? fieldsReply.get("data") : fieldsReply;
        if (!data.isArray()) throw new IllegalArgumentException("the field list is not an array: " + abbreviate(data));
        List<Field> fields = new ArrayList<>();
        for (JsonNode f : data) {
            if (!f.path("id").isValueNode() || !f.path("name").isTextual()) continue;
            String id = f.get("id").asText();
            FieldType type = FieldType.fromEmarsys(f.path("application_type").asText(null), id);
            boolean readOnly = READ_ONLY_SYSTEM_IDS.contains(id) || type == FieldType.SPECIAL;
            String stringId = f.path("string_id").isTextual() ? f.get("string_id").textValue() : null;
            fields.add(new Field(id, f.get("name").textValue(), stringId, type, readOnly, Map.of()));
        }
        List<FieldProblem> problems = new ArrayList<>();
        List<Field> out = new ArrayList<>(fields.size());
        Map<String, Map<String, String>> multi = multiChoices(fields, choices, problems);
        for (Field f : fields) {
            if (f.type() == FieldType.SINGLECHOICE) {
                try {
                    out.add(f.withChoices(choices(choices.singleChoice(f.id()))));
                } catch (RuntimeException e) {
                    problems.add(new FieldProblem(f.id(), f.name(), message(e)));
                    out.add(f);
                }
            } else if (f.type() == FieldType.MULTICHOICE && multi.containsKey(f.id())) {
                out.add(f.withChoices(multi.get(f.id())));
            } else {
                out.add(f);
            }
        }
        return new FieldCatalogLoad(new InMemoryFieldCatalog(out), problems);
    }

    /**
     * All multichoice fields in one request; when that fails, one request per field, so a field Emarsys refuses
     * degrades only itself.
     */
    private static Map<String, Map<String, String>> multiChoices(List<Field> fields, ChoiceSource source, List<FieldProblem> problems) {
        List<Field> multi = fields.stream().filter(f -> f.type() == FieldType.MULTICHOICE).toList();
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        if (multi.isEmpty()) return out;
        try {
            out.putAll(multiChoiceReply(source.multiChoice(multi.stream().map(Field::id).toList())));
        } catch (RuntimeException batchFailed) {
            for (Field f : multi) {
                try {
                    out.putAll(multiChoiceReply(source.multiChoice(List.of(f.id()))));
                } catch (RuntimeException e) {
                    problems.add(new FieldProblem(f.id(), f.name(), message(e)));
                }
            }
            return out;
        }
        for (Field f : multi) {
            if (!out.containsKey(f.id())) problems.add(new FieldProblem(f.id(), f.name(), "GET field/choices listed no choices for this field"));
        }
        return out;
    }

    /** {@code data[] = {id, choice, bit_position}} → choice id → label. */
    static Map<String, String> choices(JsonNode reply) {
        JsonNode data = reply != null && reply.has("data") ? reply.get("data") : reply;
        if (data == null || !data.isArray()) throw new IllegalArgumentException("the choice list is not an array: " + abbreviate(data));
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode c : data) {
            if (c.path("id").isValueNode() && c.path("choice").isValueNode()) out.put(c.get("id").asText(), c.get("choice").asText());
        }
        return out;
    }

    /**
     * {@code GET field/choices}: {@code data} keyed by field id, each an array of {@code {id, choice, bit_position}};
     * also accepted, leniently, an array of {@code {field_id|id, choices[]}}.
     */
    static Map<String, Map<String, String>> multiChoiceReply(JsonNode reply) {
        JsonNode data = reply != null && reply.has("data") ? reply.get("data") : reply;
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        if (data != null && data.isObject()) {
            data.fields().forEachRemaining(e -> out.put(e.getKey(), choices(e.getValue())));
        } else if (data != null && data.isArray()) {
            for (JsonNode f : data) {
                JsonNode id = f.has("field_id") ? f.get("field_id") : f.get("id");
                if (id != null && id.isValueNode() && f.has("choices")) out.put(id.asText(), choices(f.get("choices")));
            }
        } else {
            throw new IllegalArgumentException("the multichoice reply is neither an object nor an array: " + abbreviate(data));
        }
        return out;
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String abbreviate(JsonNode n) {
        String s = String.valueOf(n);
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
