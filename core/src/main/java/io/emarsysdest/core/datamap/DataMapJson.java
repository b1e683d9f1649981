package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.validation.Problem;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JSON form of a {@link DataMap}: parsing collects every structural problem (field names, choices and paths are
 * checked later by {@link DataMapCompiler}, which needs the field catalog). Writing gives the canonical form that is
 * stored and exported.
 */
public final class DataMapJson {
    private DataMapJson() {
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Set<String> MAP_KEYS = Set.of("schema", "id", "name", "description", "enabled", "keyField",
            "appliesTo", "empty", "mappings", "lists");
    private static final Set<String> MAPPING_KEYS = Set.of("from", "template", "value", "to", "convert", "empty",
            "values", "appliesTo");
    private static final Set<String> LIST_KEYS = Set.of("list", "listFrom", "action", "appliesTo");
    private static final Set<String> APPLIES_KEYS = Set.of("types", "events", "where");

    /**
     * @param map       the map when there were no problems, else null
     * @param problems  structural problems
     * @param partial   the parts that did parse (never null for an object input), so validation can also report
     *                  field and path problems of the sound mappings
     * @param mappingAt for each mapping of {@code partial}, its index in the input
     * @param listAt    for each list rule of {@code partial}, its index in the input
     */
    public record Parsed(DataMap map, List<Problem> problems, DataMap partial, List<Integer> mappingAt, List<Integer> listAt) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public static Parsed parse(JsonNode json) {
        List<Problem> problems = new ArrayList<>();
        if (json == null || !json.isObject()) {
            problems.add(new Problem("", "not_an_object", "a data map must be a JSON object"));
            return new Parsed(null, problems, null, List.of(), List.of());
        }
        unknownKeys(json, MAP_KEYS, "", problems);
        JsonNode schema = json.get("schema");
        if (schema != null && !(schema.canConvertToInt() && schema.intValue() == DataMap.SCHEMA)) {
            problems.add(new Problem("schema", "unsupported_schema", "schema " + schema + " is not supported; this version reads schema " + DataMap.SCHEMA));
        }
        String id = json.path("id").isTextual() ? json.get("id").textValue() : null;
        if (id == null) {
            problems.add(new Problem("id", "missing", "id is required, e.g. \"default\" or \"loyalty-fields\""));
        } else if (!ID.matcher(id).matches()) {
            problems.add(new Problem("id", "invalid_id", "id '" + id + "' must be 1-64 letters, digits, '.', '-' or '_', starting with a letter or digit"));
        }
        String name = optText(json, "name", "", problems);
        String description = optText(json, "description", "", problems);
        boolean enabled = true;
        if (json.has("enabled")) {
            if (json.get("enabled").isBoolean()) enabled = json.get("enabled").booleanValue();
            else problems.add(new Problem("enabled", "wrong_type", "enabled must be true or false"));
        }
        String keyField = null;
        if (json.has("keyField")) {
            JsonNode k = json.get("keyField");
            if ((k.isTextual() && !k.textValue().isBlank()) || k.isIntegralNumber()) keyField = k.asText().trim();
            else problems.add(new Problem("keyField", "wrong_type", "keyField must be an Emarsys field id or name, e.g. \"3\""));
        }
        AppliesTo applies = parseAppliesTo(json.get("appliesTo"), "appliesTo", problems);
        EmptyPolicy empty = parseEmpty(json.get("empty"), "empty", problems);

        List<Mapping> mappings = new ArrayList<>();
        List<Integer> mappingAt = new ArrayList<>();
        JsonNode ms = json.get("mappings");
        if (ms != null && !ms.isArray()) {
            problems.add(new Problem("mappings", "not_an_array", "mappings must be an array"));
        } else if (ms != null) {
            for (int i = 0; i < ms.size(); i++) {
                Mapping m = parseMapping(ms.get(i), "mappings[" + i + "]", problems);
                if (m != null) {
                    mappings.add(m);
                    mappingAt.add(i);
                }
            }
        }
        List<ListRule> lists = new ArrayList<>();
        List<Integer> listAt = new ArrayList<>();
        JsonNode ls = json.get("lists");
        if (ls != null && !ls.isArray()) {
            problems.add(new Problem("lists", "not_an_array", "lists must be an array"));
        } else if (ls != null) {
            for (int i = 0; i < ls.size(); i++) {
                ListRule r = parseListRule(ls.get(i), "lists[" + i + "]", problems);
                if (r != null) {
                    lists.add(r);
                    listAt.add(i);
                }
            }
        }
        DataMap partial = new DataMap(id == null ? "invalid" : id, name, description, enabled, keyField, applies, empty, mappings, lists);
        return new Parsed(problems.isEmpty() ? partial : null, problems, partial, List.copyOf(mappingAt), List.copyOf(listAt));
    }

    private static String optText(JsonNode json, String key, String at, List<Problem> problems) {
        JsonNode n = json.get(key);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) {
            problems.add(new Problem(at.isEmpty() ? key : at + "." + key, "wrong_type", key + " must be text"));
            return null;
        }
        return n.textValue();
    }

    private static void unknownKeys(JsonNode obj, Set<String> known, String at, List<Problem> problems) {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                problems.add(new Problem(at.isEmpty() ? k : at + "." + k, "unknown_key",
                        "'" + k + "' is not a known key here; known: " + String.join(", ", known.stream().sorted().toList())));
            }
        }
    }

    private static EmptyPolicy parseEmpty(JsonNode n, String at, List<Problem> problems) {
        if (n == null || n.isNull()) return null;
        EmptyPolicy p = n.isTextual() ? EmptyPolicy.fromWire(n.textValue()).orElse(null) : null;
        if (p == null) problems.add(new Problem(at, "unknown_empty_policy", "empty must be \"clear\" or \"ignore\""));
        return p;
    }

    static AppliesTo parseAppliesTo(JsonNode n, String at, List<Problem> problems) {
        if (n == null || n.isNull()) return null;
        if (!n.isObject()) {
            problems.add(new Problem(at, "not_an_object", "appliesTo must be an object {types, events, where}"));
            return null;
        }
        unknownKeys(n, APPLIES_KEYS, at, problems);
        Set<EventType> types = null;
        JsonNode t = n.get("types");
        if (t != null) {
            if (!t.isArray()) {
                problems.add(new Problem(at + ".types", "not_an_array", "types must be an array such as [\"identify\",\"track\"]"));
            } else {
                types = EnumSet.noneOf(EventType.class);
                for (int i = 0; i < t.size(); i++) {
                    EventType type = t.get(i).isTextual() ? EventType.fromWire(t.get(i).textValue()).orElse(null) : null;
                    if (type == null) {
                        problems.add(new Problem(at + ".types[" + i + "]", "unknown_type",
                                "'" + t.get(i).asText() + "' is not an event type (identify, track, page, screen, group, alias)"));
                    } else {
                        types.add(type);
                    }
                }
            }
        }
        List<String> events = null;
        JsonNode e = n.get("events");
        if (e != null) {
            events = textList(e, at + ".events", "events must be an array of event names", problems);
        }
        JsonNode where = n.get("where");
        if (where != null && where.isNull()) where = null;
        return new AppliesTo(types, events, where);
    }

    private static List<String> textList(JsonNode n, String at, String message, List<Problem> problems) {
        if (!n.isArray()) {
            problems.add(new Problem(at, "not_an_array", message));
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isTextual() || n.get(i).textValue().isEmpty()) {
                problems.add(new Problem(at + "[" + i + "]", "wrong_type", "must be non-empty text"));
            } else {
                out.add(n.get(i).textValue());
            }
        }
        return out;
    }

    private static Mapping parseMapping(JsonNode m, String at, List<Problem> problems) {
        if (m == null || !m.isObject()) {
            problems.add(new Problem(at, "not_an_object", "a mapping must be an object such as {\"from\":\"traits.email\",\"to\":\"3\"}"));
            return null;
        }
        unknownKeys(m, MAPPING_KEYS, at, problems);
        int sources = (m.has("from") ? 1 : 0) + (m.has("template") ? 1 : 0) + (m.has("value") ? 1 : 0);
        Source source = null;
        if (sources == 0) {
            problems.add(new Problem(at, "missing_source", "a mapping needs one of from (a path or list of paths), template or value"));
        } else if (sources > 1) {
            problems.add(new Problem(at, "ambiguous_source", "a mapping takes only one of from, template and value"));
        } else if (m.has("from")) {
            JsonNode from = m.get("from");
            if (from.isTextual()) {
                source = new Source.Paths(List.of(from.textValue()));
            } else if (from.isArray() && !from.isEmpty()) {
                List<String> paths = textList(from, at + ".from", "from must be a path or an array of paths", problems);
                if (paths != null) source = new Source.Paths(paths);
            } else {
                problems.add(new Problem(at + ".from", "wrong_type", "from must be a path or a non-empty array of paths"));
            }
        } else if (m.has("template")) {
            if (m.get("template").isTextual()) source = new Source.Template(m.get("template").textValue());
            else problems.add(new Problem(at + ".template", "wrong_type", "template must be text with {{path}} placeholders"));
        } else {
            source = new Source.Literal(m.get("value"));
        }
        String target = null;
        JsonNode to = m.get("to");
        if (to == null || to.isNull()) {
            problems.add(new Problem(at + ".to", "missing_target", "to is required: an Emarsys field id (\"1\") or name (\"First Name\")"));
        } else if ((to.isTextual() && !to.textValue().isBlank()) || to.isIntegralNumber()) {
            target = to.asText().trim();
        } else {
            problems.add(new Problem(at + ".to", "wrong_type", "to must be a field id or a field name"));
        }
        Conversion conversion = null;
        JsonNode c = m.get("convert");
        if (c != null && !c.isNull()) {
            conversion = c.isTextual() ? Conversion.fromWire(c.textValue()).orElse(null) : null;
            if (conversion == null) {
                problems.add(new Problem(at + ".convert", "unknown_conversion", "convert '" + c.asText() + "' is not one of "
                        + String.join(", ", java.util.Arrays.stream(Conversion.values()).map(Conversion::wire).toList())));
            }
        }
        EmptyPolicy empty = parseEmpty(m.get("empty"), at + ".empty", problems);
        Map<String, JsonNode> values = null;
        JsonNode v = m.get("values");
        if (v != null && !v.isNull()) {
            if (!v.isObject()) {
                problems.add(new Problem(at + ".values", "not_an_object", "values must be an object mapping input text to output, e.g. {\"m\":\"Male\"}"));
            } else {
                values = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    values.put(e.getKey(), e.getValue());
                }
            }
        }
        AppliesTo applies = parseAppliesTo(m.get("appliesTo"), at + ".appliesTo", problems);
        if (source == null || target == null) return null;
        return new Mapping(source, target, conversion, empty, values, applies);
    }

    private static ListRule parseListRule(JsonNode r, String at, List<Problem> problems) {
        if (r == null || !r.isObject()) {
            problems.add(new Problem(at, "not_an_object", "a list rule must be an object {list|listFrom, action, appliesTo}"));
            return null;
        }
        unknownKeys(r, LIST_KEYS, at, problems);
        ListTarget list = null;
        String listFrom = null;
        JsonNode l = r.get("list");
        JsonNode lf = r.get("listFrom");
        if ((l == null) == (lf == null)) {
            problems.add(new Problem(at, "missing_list", "a list rule needs exactly one of list (an id or {\"name\":…}) and listFrom (a path)"));
        } else if (l != null) {
            list = parseListTarget(l, at + ".list", problems);
        } else if (lf.isTextual() && !lf.textValue().isBlank()) {
            listFrom = lf.textValue();
        } else {
            problems.add(new Problem(at + ".listFrom", "wrong_type", "listFrom must be a path such as \"groupId\""));
        }
        boolean add = true;
        JsonNode a = r.get("action");
        if (a == null || !a.isTextual() || !(a.textValue().equals("add") || a.textValue().equals("remove"))) {
            problems.add(new Problem(at + ".action", "unknown_action", "action must be \"add\" or \"remove\""));
        } else {
            add = a.textValue().equals("add");
        }
        AppliesTo applies = parseAppliesTo(r.get("appliesTo"), at + ".appliesTo", problems);
        if (list == null && listFrom == null) return null;
        return new ListRule(list, listFrom, add, applies);
    }

    static ListTarget parseListTarget(JsonNode l, String at, List<Problem> problems) {
        if (l.isIntegralNumber()) return new ListTarget.ById(l.asText());
        if (l.isTextual() && !l.textValue().isBlank()) {
            String s = l.textValue().trim();
            return s.chars().allMatch(Character::isDigit) ? new ListTarget.ById(s) : new ListTarget.ByName(s);
        }
        if (l.isObject() && l.path("id").isValueNode() && !l.path("id").asText().isBlank()) return new ListTarget.ById(l.get("id").asText());
        if (l.isObject() && l.path("name").isTextual() && !l.path("name").textValue().isBlank()) return new ListTarget.ByName(l.get("name").textValue());
        problems.add(new Problem(at, "wrong_type", "list must be a list id (\"555\"), {\"id\":\"555\"} or {\"name\":\"Newsletter\"}"));
        return null;
    }

    /** The canonical JSON of a map (what is stored, exported and hashed for change detection). */
    public static ObjectNode write(DataMap map) {
        ObjectNode o = F.objectNode();
        o.put("schema", DataMap.SCHEMA);
        o.put("id", map.id());
        o.put("name", map.name());
        if (map.description() != null) o.put("description", map.description());
        o.put("enabled", map.enabled());
        if (map.keyField() != null) o.put("keyField", map.keyField());
        o.set("appliesTo", writeAppliesTo(map.appliesTo()));
        o.put("empty", map.empty().wire());
        ArrayNode ms = o.putArray("mappings");
        for (Mapping m : map.mappings()) {
            ObjectNode j = ms.addObject();
            switch (m.source()) {
                case Source.Paths p -> {
                    if (p.paths().size() == 1) j.put("from", p.paths().get(0));
                    else p.paths().forEach(j.putArray("from")::add);
                }
                case Source.Template t -> j.put("template", t.template());
                case Source.Literal l -> j.set("value", l.value());
            }
            j.put("to", m.target());
            if (m.conversion() != null) j.put("convert", m.conversion().wire());
            if (m.empty() != null) j.put("empty", m.empty().wire());
            if (m.values() != null) {
                ObjectNode v = j.putObject("values");
                m.values().forEach(v::set);
            }
            if (m.appliesTo() != null) j.set("appliesTo", writeAppliesTo(m.appliesTo()));
        }
        if (!map.lists().isEmpty()) {
            ArrayNode ls = o.putArray("lists");
            for (ListRule r : map.lists()) {
                ObjectNode j = ls.addObject();
                if (r.list() != null) {
                    switch (r.list()) {
                        case ListTarget.ById b -> j.putObject("list").put("id", b.listId());
                        case ListTarget.ByName n -> j.putObject("list").put("name", n.name());
                    }
                } else {
                    j.put("listFrom", r.listFrom());
                }
                j.put("action", r.add() ? "add" : "remove");
                if (r.appliesTo() != null) j.set("appliesTo", writeAppliesTo(r.appliesTo()));
            }
        }
        return o;
    }

    private static ObjectNode writeAppliesTo(AppliesTo a) {
        ObjectNode o = F.objectNode();
        if (a.types() != null) {
            ArrayNode t = o.putArray("types");
            for (EventType type : EventType.values()) if (a.types().contains(type)) t.add(type.wireName());
        }
        if (a.events() != null) a.events().forEach(o.putArray("events")::add);
        if (a.where() != null) o.set("where", a.where());
        return o;
    }
}
