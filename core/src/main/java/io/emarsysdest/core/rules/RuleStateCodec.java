package io.emarsysdest.core.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON form of {@link PersonRuleState} for storage (compact field names; times as epoch milliseconds).
 * Format version 1: {"v":1,"i":[instance…],"m":[memory…]}.
 */
public final class RuleStateCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RuleStateCodec() {
    }

    public static String write(PersonRuleState s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("v", 1);
        ArrayNode is = root.putArray("i");
        for (RuleInstance i : s.instances()) {
            ObjectNode o = is.addObject();
            o.put("r", i.ruleId());
            o.put("rv", i.version());
            o.put("id", i.instanceId());
            o.put("k", i.key());
            o.put("em", i.entryMessageId());
            o.put("en", i.enteredAt().toEpochMilli());
            o.put("s", i.stepIndex());
            ArrayNode times = o.putArray("st");
            for (Instant t : i.stepTimes()) times.add(t.toEpochMilli());
            if (i.deadline() != null) o.put("dl", i.deadline().toEpochMilli());
            if (i.dueAt() != null) o.put("du", i.dueAt().toEpochMilli());
            if (!i.counted().isEmpty()) {
                ArrayNode c = o.putArray("c");
                for (Counted x : i.counted()) c.addArray().add(x.messageId()).add(x.at().toEpochMilli());
            }
            if (i.captured() != null && !i.captured().isEmpty()) o.set("cap", i.captured());
        }
        ArrayNode ms = root.putArray("m");
        for (RuleMemory m : s.memories()) {
            ObjectNode o = ms.addObject();
            o.put("r", m.ruleId());
            o.put("k", m.key());
            o.put("e", m.lastEnteredAt().toEpochMilli());
            if (m.lastFiredAt() != null) o.put("f", m.lastFiredAt().toEpochMilli());
            o.put("ne", m.entries());
            o.put("nf", m.fires());
            if (m.lateBefore() != null) o.put("lb", m.lateBefore().toEpochMilli());
        }
        return root.toString();
    }

    public static PersonRuleState read(String personId, String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("rule state of person " + personId + " is not JSON", e);
        }
        if (root.path("v").asInt() != 1) throw new IllegalArgumentException("unknown rule state format " + root.path("v"));
        List<RuleInstance> instances = new ArrayList<>();
        for (JsonNode o : root.path("i")) {
            List<Instant> times = new ArrayList<>();
            for (JsonNode t : o.path("st")) times.add(Instant.ofEpochMilli(t.asLong()));
            List<Counted> counted = new ArrayList<>();
            for (JsonNode c : o.path("c")) counted.add(new Counted(c.get(0).asText(), Instant.ofEpochMilli(c.get(1).asLong())));
            instances.add(new RuleInstance(o.path("r").asText(), o.path("rv").asInt(), o.path("id").asText(), o.path("k").asText(),
                    o.path("em").asText(), Instant.ofEpochMilli(o.path("en").asLong()), o.path("s").asInt(), times,
                    millis(o, "dl"), millis(o, "du"), counted, o.path("cap") instanceof ObjectNode cap ? cap : null));
        }
        List<RuleMemory> memories = new ArrayList<>();
        for (JsonNode o : root.path("m")) {
            memories.add(new RuleMemory(o.path("r").asText(), o.path("k").asText(), Instant.ofEpochMilli(o.path("e").asLong()),
                    millis(o, "f"), o.path("ne").asInt(), o.path("nf").asInt(), millis(o, "lb")));
        }
        return new PersonRuleState(personId, instances, memories);
    }

    private static Instant millis(JsonNode o, String field) {
        return o.has(field) ? Instant.ofEpochMilli(o.get(field).asLong()) : null;
    }
}
