package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.validation.Problem;

import java.util.ArrayList;
import java.util.List;

/**
 * The export/import form of maps and audience mappings, also what the config file holds:
 * {@code {"format":"emarsys-destination/datamaps","schema":1,"maps":[…],"audiences":[{"audienceKey":…,"list":{"id":"123"}}]}}.
 * Both keys are optional on import.
 */
public record DataMapBundle(List<ObjectNode> maps, List<AudienceListMapping> audiences) {
    public static final String FORMAT = "emarsys-destination/datamaps";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    public DataMapBundle {
        maps = List.copyOf(maps);
        audiences = List.copyOf(audiences);
    }

    public record Parsed(DataMapBundle bundle, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Parses the envelope and the audience mappings; maps are checked later against the catalog. */
    public static Parsed parse(JsonNode json) {
        List<Problem> problems = new ArrayList<>();
        if (json == null || !json.isObject()) {
            problems.add(new Problem("", "not_an_object", "expected {\"maps\":[…],\"audiences\":[…]}"));
            return new Parsed(null, problems);
        }
        JsonNode format = json.get("format");
        if (format != null && !FORMAT.equals(format.asText())) {
            problems.add(new Problem("format", "unknown_format", "format must be \"" + FORMAT + "\""));
        }
        List<ObjectNode> maps = new ArrayList<>();
        JsonNode ms = json.get("maps");
        if (ms != null && !ms.isArray()) problems.add(new Problem("maps", "not_an_array", "maps must be an array of data maps"));
        else if (ms != null) {
            for (int i = 0; i < ms.size(); i++) {
                if (ms.get(i).isObject()) maps.add((ObjectNode) ms.get(i));
                else problems.add(new Problem("maps[" + i + "]", "not_an_object", "a data map must be an object"));
            }
        }
        List<AudienceListMapping> audiences = new ArrayList<>();
        JsonNode as = json.get("audiences");
        if (as != null && !as.isArray()) problems.add(new Problem("audiences", "not_an_array", "audiences must be an array"));
        else if (as != null) {
            for (int i = 0; i < as.size(); i++) {
                String at = "audiences[" + i + "]";
                AudienceListMapping m = parseAudience(as.get(i), problems, at);
                if (m != null) audiences.add(m);
            }
        }
        return new Parsed(problems.isEmpty() ? new DataMapBundle(maps, audiences) : null, problems);
    }

    /** {@code {"audienceKey":"vip","list":{"id":"123"}|{"name":"VIP"}|"123","enabled":true}}; problems under {@code at}. */
    public static AudienceListMapping parseAudience(JsonNode a, List<Problem> problems, String at) {
        String prefix = at.isEmpty() ? "" : at + ".";
        if (a == null || !a.isObject()) {
            problems.add(new Problem(at, "not_an_object", "an audience mapping must be an object {audienceKey, list, enabled}"));
            return null;
        }
        int before = problems.size();
        String key = a.path("audienceKey").isTextual() ? a.get("audienceKey").textValue().trim() : null;
        if (key == null || key.isEmpty()) problems.add(new Problem(prefix + "audienceKey", "missing", "audienceKey is required"));
        ListTarget list = null;
        JsonNode l = a.get("list");
        if (l != null && !l.isNull()) list = DataMapJson.parseListTarget(l, prefix + "list", problems);
        boolean enabled = true;
        if (a.has("enabled")) {
            if (a.get("enabled").isBoolean()) enabled = a.get("enabled").booleanValue();
            else problems.add(new Problem(prefix + "enabled", "wrong_type", "enabled must be true or false"));
        }
        if (problems.size() != before) return null;
        AudienceListMapping m = new AudienceListMapping(key, list, enabled);
        for (Problem p : m.validate()) problems.add(p.under(at));
        return problems.size() == before ? m : null;
    }

    public static ObjectNode writeAudience(AudienceListMapping m) {
        ObjectNode o = F.objectNode();
        o.put("audienceKey", m.audienceKey());
        if (m.list() instanceof ListTarget.ById b) o.putObject("list").put("id", b.listId());
        else if (m.list() instanceof ListTarget.ByName n) o.putObject("list").put("name", n.name());
        else o.putNull("list");
        o.put("enabled", m.enabled());
        ListTarget eff = m.effectiveList();
        o.put("target", eff.toTarget());
        return o;
    }

    public ObjectNode write() {
        ObjectNode o = F.objectNode();
        o.put("format", FORMAT);
        o.put("schema", DataMap.SCHEMA);
        ArrayNode ms = o.putArray("maps");
        maps.forEach(ms::add);
        ArrayNode as = o.putArray("audiences");
        for (AudienceListMapping m : audiences) {
            ObjectNode a = writeAudience(m);
            a.remove("target");
            as.add(a);
        }
        return o;
    }
}
