package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds a {@link FieldCatalog} from Emarsys replies, parsed leniently (ids as numbers or strings, emarsys-api.md §3):
 * {@code GET /field/translate/en} → {@code data[] = {id, name, application_type, string_id}} and, per single- or
 * multichoice field, {@code GET /field/{id}/choice} → {@code data[] = {id, choice}}.
 */
public final class EmarsysFieldCatalogs {
    private EmarsysFieldCatalogs() {
    }

    /** System fields Emarsys computes itself (emarsys-api.md §7.1): never writable, whatever their type says. */
    public static final Set<String> READ_ONLY_SYSTEM_IDS = Set.of("0", "27", "28", "29", "30", "32", "33", "34", "36", "47", "48");

    /**
     * @param fieldsReply  the whole reply (or just its {@code data} array) of {@code GET /field/translate/en}
     * @param choicesReply for a field id, the reply of {@code GET /field/{id}/choice}; called only for choice fields;
     *                     may return null (the field then has no known choices)
     */
    public static FieldCatalog fromReplies(JsonNode fieldsReply, Function<String, JsonNode> choicesReply) {
        JsonNode data = fieldsReply.has("data") ? fieldsReply.get("data") : fieldsReply;
        List<Field> fields = new ArrayList<>();
        for (JsonNode f : data) {
            if (!f.path("id").isValueNode() || !f.path("name").isTextual()) continue;
            String id = f.get("id").asText();
            FieldType type = FieldType.fromEmarsys(f.path("application_type").asText(null), id);
            boolean readOnly = READ_ONLY_SYSTEM_IDS.contains(id) || type == FieldType.SPECIAL;
            Map<String, String> choices = Map.of();
            if (type == FieldType.SINGLECHOICE || type == FieldType.MULTICHOICE) {
                JsonNode reply = choicesReply.apply(id);
                if (reply != null) choices = choices(reply);
            }
            String stringId = f.path("string_id").isTextual() ? f.get("string_id").textValue() : null;
            fields.add(new Field(id, f.get("name").textValue(), stringId, type, readOnly, choices));
        }
        return new InMemoryFieldCatalog(fields);
    }

    static Map<String, String> choices(JsonNode reply) {
        JsonNode data = reply.has("data") ? reply.get("data") : reply;
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode c : data) {
            if (c.path("id").isValueNode() && c.path("choice").isValueNode()) out.put(c.get("id").asText(), c.get("choice").asText());
        }
        return out;
    }
}
